package org.onedoor.drivers.serial;

import java.io.Closeable;
import java.io.IOException;

/** One open serial port, as the reader needs it: non-blocking reads and whole writes. */
public interface SerialLink extends Closeable {
    /**
     * Copies the bytes waiting now into {@code buf}; returns 0 at once when there are none.
     *
     * @throws IOException when the port is gone (unplugged, hung up)
     */
    int read(byte[] buf) throws IOException;

    void write(byte[] data) throws IOException;

    @Override
    void close();
}
