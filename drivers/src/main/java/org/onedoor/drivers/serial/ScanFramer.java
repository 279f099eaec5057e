package org.onedoor.drivers.serial;

/**
 * Cuts a scanner's byte stream into frames. Holds at most the maximum frame length in memory,
 * whatever it is fed. Not thread-safe: one reader thread feeds one framer.
 */
public interface ScanFramer {
    void feed(byte[] buf, int off, int len, long nowNanos, FrameSink sink);

    /**
     * The reader calls this when no byte has arrived since the last call; framers that end a frame
     * on silence act here, the others ignore it.
     */
    default void idle(long nowNanos, FrameSink sink) {
    }

    /**
     * How long from {@code nowNanos} the reader may wait for bytes before {@link #idle} has something to
     * do: 0 when it has now, {@link Long#MAX_VALUE} when silence cannot end anything (the default).
     */
    default long idleDueInNanos(long nowNanos) {
        return Long.MAX_VALUE;
    }

    /** Forgets a partial frame, e.g. after the port was lost. */
    void reset();
}
