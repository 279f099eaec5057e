package org.onedoor.drivers.serial;

import java.io.IOException;

import jssc.SerialPort;
import jssc.SerialPortException;
import org.tinylog.Logger;

/**
 * An open JSSC port read without blocking: JSSC's waiting reads either spin a core (with timeout)
 * or spin after a hang-up (without), so the reader polls {@link SerialPort#getInputBufferBytesCount()}
 * and only reads what the kernel already holds. A hang-up surfaces as an I/O error from that call.
 */
public final class JsscSerialLink implements SerialLink {
    private final SerialPort port;
    private boolean closed;

    JsscSerialLink(SerialPort port) {
        this.port = port;
    }

    @Override
    public int read(byte[] buf) throws IOException {
        try {
            int waiting = port.getInputBufferBytesCount();
            if (waiting < 0) {
                throw new IOException("Serial port " + port.getPortName() + ": input buffer unreadable");
            }
            if (waiting == 0) {
                return 0;
            }
            byte[] bytes = port.readBytes(Math.min(waiting, buf.length));
            if (bytes == null) {
                return 0;
            }
            System.arraycopy(bytes, 0, buf, 0, bytes.length);
            return bytes.length;
        } catch (SerialPortException e) {
            throw new IOException("Serial port " + port.getPortName() + ": read failed: " + e.getExceptionType(), e);
        }
    }

    @Override
    public void write(byte[] data) throws IOException {
        try {
            if (!port.writeBytes(data)) {
                throw new IOException("Serial port " + port.getPortName() + ": write of " + data.length
                        + " bytes failed");
            }
        } catch (SerialPortException e) {
            throw new IOException("Serial port " + port.getPortName() + ": write failed: " + e.getExceptionType(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            port.closePort();
        } catch (SerialPortException e) {
            Logger.debug(e, "Serial port {}: close failed", port.getPortName());
        }
    }
}
