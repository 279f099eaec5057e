package org.onedoor.drivers.serial;

/** Receives what a {@link ScanFramer} cuts out of a byte stream. Called on the reader's thread. */
public interface FrameSink {
    /**
     * A complete frame, terminator removed.
     *
     * @param frame   the frame's bytes; the sink owns the array
     * @param endNanos {@link System#nanoTime()} when the frame's end was seen: latency is measured from here
     */
    void onFrame(byte[] frame, long endNanos);

    /** A frame longer than the maximum was dropped; {@code discardedBytes} were thrown away. */
    void onOversize(long discardedBytes);

    /** {@code discardedBytes} that belonged to no frame (stray bytes, a frame cut short) were thrown away. */
    void onNoise(long discardedBytes);
}
