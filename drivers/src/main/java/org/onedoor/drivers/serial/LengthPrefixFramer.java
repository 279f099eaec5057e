package org.onedoor.drivers.serial;

import java.util.concurrent.TimeUnit;

/**
 * The GM60's length-prefixed output: {@code 0x03} or {@code 0x04}, one length byte, then that many
 * data bytes. Bytes outside a frame are noise, reported through {@link FrameSink#onNoise(long)}.
 * A byte lost on the line would shift every later frame, so a frame that stalls for
 * {@link #RESYNC_SILENCE_MS} — far longer than any gap inside one frame at any baud rate — is
 * dropped as noise and the framer waits for a header again.
 */
public final class LengthPrefixFramer implements ScanFramer {
    static final long RESYNC_SILENCE_MS = 500;
    private static final long RESYNC_SILENCE_NANOS = TimeUnit.MILLISECONDS.toNanos(RESYNC_SILENCE_MS);

    private enum State { HEADER, LENGTH, DATA }

    private final FrameBuffer frame;
    private State state = State.HEADER;
    private int remaining;
    private long strayBytes;
    private long lastByteNanos;

    public LengthPrefixFramer(int maxFrameBytes) {
        this.frame = new FrameBuffer(maxFrameBytes);
    }

    @Override
    public void feed(byte[] buf, int off, int len, long nowNanos, FrameSink sink) {
        if (len == 0) {
            return;
        }
        idle(nowNanos, sink);
        for (int i = off; i < off + len; i++) {
            accept(buf[i], nowNanos, sink);
        }
        lastByteNanos = nowNanos;
    }

    @Override
    public void idle(long nowNanos, FrameSink sink) {
        if (nowNanos - lastByteNanos < RESYNC_SILENCE_NANOS) {
            return;
        }
        if (state != State.HEADER) {
            strayBytes += (state == State.LENGTH ? 1 : 2) + frame.size();
            frame.clear();
            state = State.HEADER;
        }
        reportStray(sink);
    }

    /** Due only while a frame is open or stray bytes wait to be reported. */
    @Override
    public long idleDueInNanos(long nowNanos) {
        if (state == State.HEADER && strayBytes == 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, lastByteNanos + RESYNC_SILENCE_NANOS - nowNanos);
    }

    @Override
    public void reset() {
        frame.clear();
        state = State.HEADER;
        strayBytes = 0;
    }

    private void accept(byte b, long nowNanos, FrameSink sink) {
        switch (state) {
            case HEADER -> {
                if (b == 0x03 || b == 0x04) {
                    reportStray(sink);
                    state = State.LENGTH;
                } else {
                    strayBytes++;
                }
            }
            case LENGTH -> {
                remaining = b & 0xFF;
                state = remaining == 0 ? State.HEADER : State.DATA;
            }
            case DATA -> {
                frame.append(b);
                if (--remaining == 0) {
                    state = State.HEADER;
                    frame.end(nowNanos, sink);
                }
            }
        }
    }

    private void reportStray(FrameSink sink) {
        if (strayBytes > 0) {
            long dropped = strayBytes;
            strayBytes = 0;
            sink.onNoise(dropped);
        }
    }
}
