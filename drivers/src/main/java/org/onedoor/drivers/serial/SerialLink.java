package org.onedoor.drivers.serial;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** One open serial port, as a reader needs it: non-blocking reads, a wait for input, and whole writes. */
public interface SerialLink extends Closeable {
    /** How often a link that cannot wait in the kernel looks again: the reader's idle poll before it could. */
    long FALLBACK_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /**
     * Copies the bytes waiting now into {@code buf}; returns 0 at once when there are none.
     *
     * @throws IOException when the port is gone (unplugged, hung up)
     */
    int read(byte[] buf) throws IOException;

    /**
     * Returns when bytes are waiting, the port has hung up (the next {@link #read} then fails), {@link #wakeUp()}
     * was called, or {@code timeoutNanos} passed, whichever is first, without using a core meanwhile. It may
     * return early for no reason: the caller reads and looks at its own deadlines. A link that cannot wait in
     * the kernel sleeps at most {@link #FALLBACK_POLL_NANOS}.
     */
    default void awaitInput(long timeoutNanos) throws IOException, InterruptedException {
        TimeUnit.NANOSECONDS.sleep(Math.min(timeoutNanos, FALLBACK_POLL_NANOS));
    }

    /** Ends the current or the next {@link #awaitInput(long)} at once; any thread may call it, also after close. */
    default void wakeUp() {
    }

    void write(byte[] data) throws IOException;

    @Override
    void close();
}
