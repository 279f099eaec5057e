package org.onedoor.drivers.serial;

import java.io.IOException;

import jssc.SerialPort;
import jssc.SerialPortException;
import org.tinylog.Logger;

/**
 * An open JSSC port: JSSC configures it, writes, and reads exactly what the kernel already holds
 * ({@link SerialPort#getInputBufferBytesCount()}, then {@link SerialPort#readBytes(int)}), while the
 * waiting for bytes is {@code poll(2)} on its descriptor ({@link PortWaiter}). JSSC's own waiting reads
 * either spin a core (with timeout) or spin after a hang-up (without), and its event listener polls.
 *
 * <p>A hang-up (a USB scanner pulled, a pty's master closed) wakes the wait with {@code POLLHUP}; the next
 * read hands over what was still buffered, then fails with an I/O error, so the reader never spins on
 * a dead descriptor.
 */
public final class JsscSerialLink implements SerialLink {
    private final SerialPort port;
    private final PortWaiter waiter;
    private volatile boolean hungUp;
    private boolean closed;

    JsscSerialLink(SerialPort port, PortWaiter waiter) {
        this.port = port;
        this.waiter = waiter;
    }

    @Override
    public int read(byte[] buf) throws IOException {
        try {
            int waiting = port.getInputBufferBytesCount();
            if (waiting < 0) {
                throw new IOException("Serial port " + port.getPortName() + ": input buffer unreadable");
            }
            if (waiting == 0) {
                if (hungUp) {
                    throw new IOException("Serial port " + port.getPortName() + ": hung up");
                }
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
    public void awaitInput(long timeoutNanos) throws IOException {
        if (waiter.await(timeoutNanos)) {
            hungUp = true;
        }
    }

    @Override
    public void wakeUp() {
        waiter.wake();
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
        waiter.close();
        try {
            port.closePort();
        } catch (SerialPortException e) {
            Logger.debug(e, "Serial port {}: close failed", port.getPortName());
        }
    }
}
