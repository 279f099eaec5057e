package org.onedoor.drivers.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The wait between failed attempts at one thing: a nominal delay that starts at {@code first} and
 * doubles after each failure up to {@code cap}, of which a random part is actually waited. The
 * random part is "equal jitter": a delay is drawn evenly from the upper half of the nominal one, so
 * it never exceeds the cap and never falls below half of it. Without jitter, the terminals of a
 * county that lost the same broker or health service would all come back in the same millisecond.
 *
 * <p>Not thread-safe: one instance per retry loop, or guarded by its owner's lock.
 */
public final class Backoff {
    private final Duration first;
    private final Duration cap;
    private final DoubleSupplier unitRandom;
    private Duration nominal;

    private Backoff(Duration first, Duration cap, DoubleSupplier unitRandom) {
        if (first.isZero() || first.isNegative() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= cap: " + first + ", " + cap);
        }
        this.first = first;
        this.cap = cap;
        this.unitRandom = Objects.requireNonNull(unitRandom);
        this.nominal = first;
    }

    /** The backoff used in service: each delay drawn at random from the upper half of the nominal one. */
    public static Backoff withJitter(Duration first, Duration cap) {
        return new Backoff(first, cap, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * A backoff whose jitter comes from {@code unitRandom}, values in [0, 1): 0 waits half the nominal
     * delay, values towards 1 wait nearly all of it.
     */
    public static Backoff withJitter(Duration first, Duration cap, DoubleSupplier unitRandom) {
        return new Backoff(first, cap, unitRandom);
    }

    /** The nominal delays themselves, for tests that follow the doubling exactly. */
    public static Backoff withoutJitter(Duration first, Duration cap) {
        return new Backoff(first, cap, () -> 1.0);
    }

    /** The delay to wait now; the nominal delay for the next one doubles, up to the cap. */
    public Duration next() {
        Duration delay = jittered(nominal);
        Duration doubled = nominal.multipliedBy(2);
        nominal = doubled.compareTo(cap) > 0 ? cap : doubled;
        return delay;
    }

    /** The next attempt succeeded: the following failure waits from {@code first} again. */
    public void reset() {
        nominal = first;
    }

    /**
     * The delay after the {@code failures}-th consecutive failure (1 for the first), for callers that
     * keep the count themselves, e.g. per message; it does not change this backoff's own sequence.
     */
    public Duration delayAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1: " + failures);
        }
        // Past 62 doublings any first delay is beyond any cap; stop shifting before the long overflows.
        int doublings = Math.min(failures - 1, 62);
        long firstNanos = first.toNanos();
        long capNanos = cap.toNanos();
        long nominalNanos = doublings >= Long.numberOfLeadingZeros(firstNanos)
                ? capNanos : Math.min(capNanos, firstNanos << doublings);
        return jittered(Duration.ofNanos(nominalNanos));
    }

    private Duration jittered(Duration nominalDelay) {
        double unit = Math.min(1.0, Math.max(0.0, unitRandom.getAsDouble()));
        long nanos = nominalDelay.toNanos();
        long half = nanos / 2;
        return Duration.ofNanos(nanos - half + Math.round(half * unit));
    }
}
