package org.onedoor.drivers.gpio;

import java.util.Optional;

/**
 * The debounce rule, on explicit times: a new level counts once the raw level has held it for the
 * debounce time. A bounce train therefore gives one change, at its end, and a glitch shorter than
 * the debounce time gives none. The cost is that every change is reported one debounce time late;
 * reacting at the first edge instead would be faster but would also turn electrical noise on a long
 * sensor cable into a door-forced or fire alarm.
 */
final class Debouncer {
    private final long debounceNanos;
    private boolean stable;
    private boolean raw;
    private long rawSince;

    Debouncer(boolean initial, long debounceNanos) {
        if (debounceNanos < 0) {
            throw new IllegalArgumentException("negative debounce: " + debounceNanos + " ns");
        }
        this.debounceNanos = debounceNanos;
        this.stable = initial;
        this.raw = initial;
    }

    /** The raw level seen at {@code nanos}; a repeat of the current raw level changes nothing. */
    void raw(boolean level, long nanos) {
        if (level != raw) {
            raw = level;
            rawSince = nanos;
        }
    }

    /** When the current raw level will have held for the debounce time. */
    long settlesAt() {
        return rawSince + debounceNanos;
    }

    /** Whether the raw level differs from the stable one: a change may be coming. */
    boolean pending() {
        return raw != stable;
    }

    /** The new stable level, if the raw level differs from it and has held for the debounce time. */
    Optional<Boolean> settle(long nanos) {
        if (raw == stable || nanos - settlesAt() < 0) {
            return Optional.empty();
        }
        stable = raw;
        return Optional.of(stable);
    }

    boolean stable() {
        return stable;
    }
}
