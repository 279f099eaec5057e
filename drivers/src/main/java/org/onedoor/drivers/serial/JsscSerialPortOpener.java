package org.onedoor.drivers.serial;

import java.io.IOException;

import jssc.SerialPort;
import jssc.SerialPortException;
import org.tinylog.Logger;

/** Opens ports with JSSC, 8N1 without flow control. */
public final class JsscSerialPortOpener implements SerialPortOpener {

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
        return new JsscSerialLink(port);
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
