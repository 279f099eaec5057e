package org.onedoor.drivers.serial;

import java.util.Arrays;

/**
 * Cuts frames at an end-of-line terminator (CR, LF or the exact pair CR LF). Holds at most
 * {@code maxFrameBytes} of a frame; a longer frame is thrown away up to its terminator and reported
 * once through {@link FrameSink#onOversize(long)}, so a scanner stuck streaming garbage cannot grow
 * memory nor smuggle a truncated code downstream.
 */
public final class EolFramer implements ScanFramer {
    public static final int DEFAULT_MAX_FRAME_BYTES = 2048;

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final Framing framing;
    private final byte[] frame;
    private int length;
    /** CRLF mode: a CR was the last byte seen; it is a terminator only if LF follows, else data. */
    private boolean pendingCr;
    /** Bytes dropped of the current oversize frame; 0 while the frame still fits. */
    private long discarded;

    public EolFramer(Framing framing) {
        this(framing, DEFAULT_MAX_FRAME_BYTES);
    }

    public EolFramer(Framing framing, int maxFrameBytes) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("maxFrameBytes must be positive: " + maxFrameBytes);
        }
        this.framing = framing;
        this.frame = new byte[maxFrameBytes];
    }

    @Override
    public void feed(byte[] buf, int off, int len, long nowNanos, FrameSink sink) {
        for (int i = off; i < off + len; i++) {
            accept(buf[i], nowNanos, sink);
        }
    }

    @Override
    public void reset() {
        length = 0;
        pendingCr = false;
        discarded = 0;
    }

    private void accept(byte b, long nowNanos, FrameSink sink) {
        switch (framing) {
            case CR -> acceptSingle(b, CR, nowNanos, sink);
            case LF -> acceptSingle(b, LF, nowNanos, sink);
            case CRLF -> acceptCrLf(b, nowNanos, sink);
            default -> throw new IllegalStateException("unknown framing " + framing);
        }
    }

    private void acceptSingle(byte b, byte terminator, long nowNanos, FrameSink sink) {
        if (b == terminator) {
            endFrame(nowNanos, sink);
        } else {
            append(b);
        }
    }

    private void acceptCrLf(byte b, long nowNanos, FrameSink sink) {
        if (pendingCr) {
            pendingCr = false;
            if (b == LF) {
                endFrame(nowNanos, sink);
                return;
            }
            append(CR);
        }
        if (b == CR) {
            pendingCr = true;
        } else {
            append(b);
        }
    }

    private void append(byte b) {
        if (discarded > 0) {
            discarded++;
        } else if (length == frame.length) {
            discarded = length + 1L;
            length = 0;
        } else {
            frame[length++] = b;
        }
    }

    private void endFrame(long nowNanos, FrameSink sink) {
        if (discarded > 0) {
            long dropped = discarded;
            reset();
            sink.onOversize(dropped);
        } else if (length > 0) {
            byte[] complete = Arrays.copyOf(frame, length);
            length = 0;
            sink.onFrame(complete, nowNanos);
        }
    }
}
