package org.onedoor.terminal.mqtt;

import java.util.concurrent.TimeUnit;

/**
 * A rate ceiling: for publishing a backlog, and for how many inbound commands may cost a signature check. The
 * bucket holds a tenth of a second's worth of tokens (at least one) unless told otherwise, so a burst after an
 * idle period stays small and the long-run rate is the configured one. Not thread-safe: one thread uses it.
 */
public final class TokenBucket {
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final double tokensPerNano;
    private final double capacity;
    private double tokens;
    private long refilledAtNanos;

    /** @param perSecond tokens per second; 0 means unlimited */
    TokenBucket(int perSecond) {
        this(perSecond, Math.max(1, perSecond / 10));
    }

    /**
     * @param perSecond tokens per second; 0 means unlimited
     * @param burst     the most tokens held, and taken at once after a quiet period
     */
    public TokenBucket(int perSecond, int burst) {
        this.tokensPerNano = (double) perSecond / NANOS_PER_SECOND;
        this.capacity = Math.max(1.0, burst);
        this.tokens = capacity;
        this.refilledAtNanos = System.nanoTime();
    }

    boolean unlimited() {
        return tokensPerNano == 0;
    }

    /** Takes one token if there is one. */
    public boolean tryTake() {
        if (unlimited()) {
            return true;
        }
        refill();
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** How long until {@link #tryTake()} can succeed; at least 1 ms so callers never spin. */
    long millisUntilToken() {
        if (unlimited()) {
            return 0;
        }
        refill();
        double missing = Math.max(0.0, 1.0 - tokens);
        return Math.max(1, (long) Math.ceil(missing / tokensPerNano / 1_000_000.0));
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - refilledAtNanos) * tokensPerNano);
        refilledAtNanos = now;
    }
}
