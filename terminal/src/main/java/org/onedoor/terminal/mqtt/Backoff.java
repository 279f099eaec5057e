package org.onedoor.terminal.mqtt;

/** Delays between failed attempts: 250 ms, doubling, capped at 5 s; reset after a success. */
final class Backoff {
    static final long FIRST_MS = 250;
    static final long CAP_MS = 5_000;

    private long nextMs = FIRST_MS;

    /** The delay to wait now; the following one is twice as long, up to the cap. */
    long nextDelayMs() {
        long delay = nextMs;
        nextMs = Math.min(CAP_MS, nextMs * 2);
        return delay;
    }

    void reset() {
        nextMs = FIRST_MS;
    }
}
