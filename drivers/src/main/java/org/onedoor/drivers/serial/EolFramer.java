package org.onedoor.drivers.serial;

/**
 * Cuts frames at an end-of-line terminator: CR, LF, the exact pair CR LF, or any of the three
 * ({@link Framing#ANY_EOL}, where the empty frame between CR and LF is dropped like every empty
 * frame). Frames are bounded by a {@link FrameBuffer}.
 */
public final class EolFramer implements ScanFramer {
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final Framing framing;
    private final FrameBuffer frame;
    /** CRLF mode: a CR was the last byte seen; it is a terminator only if LF follows, else data. */
    private boolean pendingCr;

    public EolFramer(Framing framing) {
        this(framing, Framing.DEFAULT_MAX_FRAME_BYTES);
    }

    public EolFramer(Framing framing, int maxFrameBytes) {
        if (framing != Framing.CR && framing != Framing.LF && framing != Framing.CRLF && framing != Framing.ANY_EOL) {
            throw new IllegalArgumentException("not an end-of-line framing: " + framing);
        }
        this.framing = framing;
        this.frame = new FrameBuffer(maxFrameBytes);
    }

    @Override
    public void feed(byte[] buf, int off, int len, long nowNanos, FrameSink sink) {
        for (int i = off; i < off + len; i++) {
            accept(buf[i], nowNanos, sink);
        }
    }

    @Override
    public void reset() {
        frame.clear();
        pendingCr = false;
    }

    private void accept(byte b, long nowNanos, FrameSink sink) {
        switch (framing) {
            case CR -> acceptSingle(b, b == CR, nowNanos, sink);
            case LF -> acceptSingle(b, b == LF, nowNanos, sink);
            case ANY_EOL -> acceptSingle(b, b == CR || b == LF, nowNanos, sink);
            default -> acceptCrLf(b, nowNanos, sink);
        }
    }

    private void acceptSingle(byte b, boolean terminator, long nowNanos, FrameSink sink) {
        if (terminator) {
            frame.end(nowNanos, sink);
        } else {
            frame.append(b);
        }
    }

    private void acceptCrLf(byte b, long nowNanos, FrameSink sink) {
        if (pendingCr) {
            pendingCr = false;
            if (b == LF) {
                frame.end(nowNanos, sink);
                return;
            }
            frame.append(CR);
        }
        if (b == CR) {
            pendingCr = true;
        } else {
            frame.append(b);
        }
    }
}
