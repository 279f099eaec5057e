package org.onedoor.drivers.logging;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps a condition that recurs in a loop (a broker refusing every reconnect, a card failing every
 * write, a scanner spewing garbage) from flooding the journal: the first occurrence of each key is
 * logged, then at most one per interval, which says how many were held back since the last line.
 *
 * <pre>{@code
 * repeats.admit("oversize").ifPresent(held -> Logger.warn("dropped an oversize frame of {} bytes{}", n, held));
 * }</pre>
 *
 * <p>Held-back occurrences are reported with the next line let through, not on a timer: a condition
 * that stops leaves its last count unsaid, and no thread is needed. Keys name conditions chosen by the
 * code (a lane, a kind of failure), never received data, so their number stays small.
 */
public final class RepeatLimiter {
    /** What most call sites use: a journal line per condition per minute is enough to see it persists. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RepeatLimiter() {
        this(DEFAULT_INTERVAL);
    }

    public RepeatLimiter(Duration interval) {
        this(interval, System::nanoTime);
    }

    /** @param nanoClock a monotonic clock in nanoseconds ({@link System#nanoTime()} outside tests) */
    public RepeatLimiter(Duration interval, LongSupplier nanoClock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Records one occurrence of {@code key}. Empty when it is to be held back; otherwise the text to
     * append to the line: {@code ""} for the first, or {@code " (repeated 41 times since the last report)"}.
     */
    public Optional<String> admit(String key) {
        long now = nanoClock.getAsLong();
        Window w = windows.computeIfAbsent(key, k -> new Window());
        synchronized (w) {
            if (w.logged && now - w.lastLoggedNanos < intervalNanos) {
                w.held++;
                return Optional.empty();
            }
            long held = w.held;
            w.logged = true;
            w.lastLoggedNanos = now;
            w.held = 0;
            return Optional.of(held == 0 ? "" : " (repeated " + held + (held == 1 ? " time" : " times")
                    + " since the last report)");
        }
    }

    private static final class Window {
        boolean logged;
        long lastLoggedNanos;
        long held;
    }
}
