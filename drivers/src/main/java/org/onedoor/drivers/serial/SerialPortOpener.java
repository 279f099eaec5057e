package org.onedoor.drivers.serial;

import java.io.IOException;

/** Opens a serial port by path (e.g. {@code /dev/serial/by-id/…}) at a baud rate, 8N1, no flow control. */
@FunctionalInterface
public interface SerialPortOpener {
    SerialLink open(String path, int baud) throws IOException;
}
