package org.onedoor.drivers.serial;

import java.util.concurrent.TimeUnit;

/**
 * For modules configured without a terminator: a frame ends after a silence of {@code idleMs}.
 * The frame's end time is when the silence was noticed, not its last byte, so the latency the
 * terminal records includes the wait — that wait is the real cost of this mode. A stream with no
 * pause at all is cut by the {@link FrameBuffer}'s bound and dropped as oversize at the next pause.
 */
public final class IdleFramer implements ScanFramer {
    private final FrameBuffer frame;
    private final long idleNanos;
    private long lastByteNanos;

    public IdleFramer(int maxFrameBytes, int idleMs) {
        if (idleMs <= 0) {
            throw new IllegalArgumentException("idleMs must be positive: " + idleMs);
        }
        this.frame = new FrameBuffer(maxFrameBytes);
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
    }

    @Override
    public void feed(byte[] buf, int off, int len, long nowNanos, FrameSink sink) {
        if (len == 0) {
            return;
        }
        // A reader that did not call idle() during the silence still gets the frames apart.
        idle(nowNanos, sink);
        for (int i = off; i < off + len; i++) {
            frame.append(buf[i]);
        }
        lastByteNanos = nowNanos;
    }

    @Override
    public void idle(long nowNanos, FrameSink sink) {
        if (!frame.isEmpty() && nowNanos - lastByteNanos >= idleNanos) {
            frame.end(nowNanos, sink);
        }
    }

    @Override
    public long idleDueInNanos(long nowNanos) {
        return frame.isEmpty() ? Long.MAX_VALUE : Math.max(0, lastByteNanos + idleNanos - nowNanos);
    }

    @Override
    public void reset() {
        frame.clear();
    }
}
