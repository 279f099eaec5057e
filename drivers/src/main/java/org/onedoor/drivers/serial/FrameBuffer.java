package org.onedoor.drivers.serial;

import java.util.Arrays;

/**
 * The bytes of the frame being assembled, never more than the maximum. A longer frame is thrown
 * away up to its end and reported once through {@link FrameSink#onOversize(long)}, so a scanner
 * stuck streaming garbage cannot grow memory nor smuggle a truncated code downstream. Every framer
 * collects its frames here, whatever marks their end.
 */
final class FrameBuffer {
    private final byte[] bytes;
    private int length;
    /** Bytes dropped of the current oversize frame; 0 while the frame still fits. */
    private long discarded;

    FrameBuffer(int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.bytes = new byte[maxFrameBytes];
    }

    void append(byte b) {
        if (discarded > 0) {
            discarded++;
        } else if (length == bytes.length) {
            discarded = length + 1L;
            length = 0;
        } else {
            bytes[length++] = b;
        }
    }

    boolean isEmpty() {
        return length == 0 && discarded == 0;
    }

    /** Bytes held or dropped so far of the current frame. */
    long size() {
        return discarded > 0 ? discarded : length;
    }

    /** Ends the frame: emits it, or reports it oversize; an empty frame ends silently. */
    void end(long endNanos, FrameSink sink) {
        if (discarded > 0) {
            long dropped = discarded;
            clear();
            sink.onOversize(dropped);
        } else if (length > 0) {
            byte[] complete = Arrays.copyOf(bytes, length);
            length = 0;
            sink.onFrame(complete, endNanos);
        }
    }

    void clear() {
        length = 0;
        discarded = 0;
    }
}
