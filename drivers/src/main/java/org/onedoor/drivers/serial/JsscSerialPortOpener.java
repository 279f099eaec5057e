package org.onedoor.drivers.serial;

import java.io.IOException;
import java.lang.reflect.Field;

import jssc.SerialPort;
import jssc.SerialPortException;
import org.tinylog.Logger;

/**
 * Opens ports with JSSC, 8N1 without flow control, and gives each a {@link PortWaiter} on JSSC's own
 * descriptor. JSSC opens a port exclusively ({@code TIOCEXCL}), so a second descriptor of our own is not
 * to be had; JSSC does not publish its descriptor either, hence the one reflective read of its private
 * {@code portHandle} (the descriptor on Linux), pinned by the JSSC version in the build and checked by
 * every port test.
 */
public final class JsscSerialPortOpener implements SerialPortOpener {
    private static final String HANDLE_FIELD = "portHandle";

    @Override
    public SerialLink open(String path, int baud) throws IOException {
        SerialPort port = new SerialPort(path);
        try {
            port.openPort();
        } catch (SerialPortException e) {
            throw new IOException("Cannot open serial port " + path + ": " + e.getExceptionType(), e);
        }
        try {
            configure(port, path, baud);
        } catch (SerialPortException e) {
            closeQuietly(port);
            throw new IOException("Cannot configure serial port " + path + " at " + baud + " baud: "
                    + e.getExceptionType(), e);
        }
        try {
            return new JsscSerialLink(port, new PortWaiter(path, descriptorOf(port)));
        } catch (IOException | RuntimeException | LinkageError e) {
            closeQuietly(port);
            throw new IOException("Cannot wait on serial port " + path + ": " + e.getMessage(), e);
        }
    }

    private static int descriptorOf(SerialPort port) throws IOException {
        try {
            Field handle = SerialPort.class.getDeclaredField(HANDLE_FIELD);
            handle.setAccessible(true);
            return Math.toIntExact(handle.getLong(port));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("this JSSC keeps no descriptor in SerialPort." + HANDLE_FIELD, e);
        }
    }

    /**
     * A pseudo-terminal (tests, some USB bridges) has no modem lines, so JSSC reports {@code false}
     * from these calls although the line settings took and data flows; only an exception means the
     * port is unusable.
     */
    private static void configure(SerialPort port, String path, int baud) throws SerialPortException {
        if (!port.setParams(baud, SerialPort.DATABITS_8, SerialPort.STOPBITS_1, SerialPort.PARITY_NONE)) {
            Logger.debug("Serial port {}: setParams returned false (no modem lines?); continuing", path);
        }
        if (!port.setFlowControlMode(SerialPort.FLOWCONTROL_NONE)) {
            Logger.debug("Serial port {}: setFlowControlMode returned false; continuing", path);
        }
    }

    private static void closeQuietly(SerialPort port) {
        try {
            port.closePort();
        } catch (SerialPortException e) {
            Logger.debug(e, "Serial port {}: close after failed configuration", port.getPortName());
        }
    }
}
