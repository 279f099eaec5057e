package org.onedoor.drivers.serial;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/**
 * Sleeps in the kernel until a port's descriptor has bytes or hangs up, with {@code poll(2)} through
 * JNA, and can be woken from another thread through an {@code eventfd}: the thread uses no CPU while
 * it waits and notices the first byte as soon as the kernel has it. The port's descriptor stays
 * JSSC's (it opened and configured the port and closes it); the eventfd is this waiter's own.
 *
 * <p>The constants and {@code struct pollfd} are the same on every Linux architecture the terminal
 * runs on (x86-64, arm, arm64), and JNA's jar carries its native part for each of them.
 */
final class PortWaiter {
    static final short POLLIN = 0x1;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;
    private static final int EFD_NONBLOCK = 0x800;
    private static final int EFD_CLOEXEC = 0x80000;
    private static final int EINTR = 4;
    /** {@code struct pollfd}: int fd, short events, short revents. */
    private static final int POLLFD_BYTES = 8;
    private static final int REVENTS_OFFSET = 6;
    private static final int EVENTFD_COUNTER_BYTES = 8;
    private static final long ONE_MS_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The libc calls a waiter needs; JNA turns a -1 return into a {@link LastErrorException}. */
    interface Libc extends Library {
        Libc INSTANCE = Native.load("c", Libc.class);

        int poll(Memory fds, NativeLong nfds, int timeoutMs) throws LastErrorException;

        int eventfd(int initval, int flags) throws LastErrorException;

        NativeLong read(int fd, byte[] buf, NativeLong count) throws LastErrorException;

        NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

        int close(int fd);
    }

    private final String portName;
    private final int wakeFd;
    /** Two {@code struct pollfd}: the port, then the wake-up eventfd. Used by the waiting thread only. */
    private final Memory pollFds = new Memory(2L * POLLFD_BYTES);
    private final byte[] counter = new byte[EVENTFD_COUNTER_BYTES];
    private boolean closed;

    PortWaiter(String portName, int portFd) throws IOException {
        this.portName = portName;
        try {
            wakeFd = Libc.INSTANCE.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("Serial port " + portName + ": eventfd: " + e.getMessage(), e);
        }
        pollFds.clear();
        pollFds.setInt(0, portFd);
        pollFds.setShort(4, POLLIN);
        pollFds.setInt(POLLFD_BYTES, wakeFd);
        pollFds.setShort(POLLFD_BYTES + 4, POLLIN);
    }

    /**
     * Waits up to {@code timeoutNanos} (rounded up to a millisecond) for bytes, a hang-up or a
     * {@link #wake()}; a signal may end it early.
     *
     * @return true when the port has hung up or failed ({@code POLLHUP}, {@code POLLERR}, {@code POLLNVAL})
     */
    boolean await(long timeoutNanos) throws IOException {
        long roundedUp = TimeUnit.NANOSECONDS.toMillis(Math.max(0, Math.min(timeoutNanos, Long.MAX_VALUE / 2))
                + ONE_MS_NANOS - 1);
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, roundedUp);
        pollFds.setShort(REVENTS_OFFSET, (short) 0);
        pollFds.setShort(POLLFD_BYTES + REVENTS_OFFSET, (short) 0);
        try {
            Libc.INSTANCE.poll(pollFds, new NativeLong(2), timeoutMs);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == EINTR) {
                return false;
            }
            throw new IOException("Serial port " + portName + ": poll: " + e.getMessage(), e);
        }
        if ((pollFds.getShort(POLLFD_BYTES + REVENTS_OFFSET) & POLLIN) != 0) {
            drainWakeUps();
        }
        return (pollFds.getShort(REVENTS_OFFSET) & (POLLERR | POLLHUP | POLLNVAL)) != 0;
    }

    /** Ends the current or the next {@link #await(long)} at once; does nothing once closed. */
    synchronized void wake() {
        if (closed) {
            return;
        }
        byte[] one = ByteBuffer.allocate(EVENTFD_COUNTER_BYTES).order(ByteOrder.nativeOrder()).putLong(1).array();
        try {
            Libc.INSTANCE.write(wakeFd, one, new NativeLong(one.length));
        } catch (LastErrorException e) {
            // EAGAIN: the counter is at its maximum, so the waiter is woken already.
        }
    }

    synchronized void close() {
        if (!closed) {
            closed = true;
            Libc.INSTANCE.close(wakeFd);
        }
    }

    private synchronized void drainWakeUps() {
        if (closed) {
            return;
        }
        try {
            Libc.INSTANCE.read(wakeFd, counter, new NativeLong(counter.length));
        } catch (LastErrorException e) {
            // EAGAIN: another drain got there first; nothing is owed.
        }
    }
}
