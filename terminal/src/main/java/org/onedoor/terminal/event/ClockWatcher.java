package org.onedoor.terminal.event;

import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Notices the moment the system clock becomes synchronised during a boot and says how wrong it had
 * been. A Pi without a real-time clock boots with the time it had at shutdown; events before the
 * first NTP answer carry that time, and the correction lets a dashboard fix them.
 */
public final class ClockWatcher {
    private final BooleanSupplier synced;
    private final LongSupplier wallMs;
    private final LongSupplier monoNanos;
    private final long bootWallMs;
    private final long bootNanos;
    private boolean reported;

    public ClockWatcher(BooleanSupplier synced, LongSupplier wallMs, LongSupplier monoNanos) {
        this.synced = synced;
        this.wallMs = wallMs;
        this.monoNanos = monoNanos;
        this.bootWallMs = wallMs.getAsLong();
        this.bootNanos = monoNanos.getAsLong();
        this.reported = synced.getAsBoolean(); // synchronised from the start: nothing to correct
    }

    public static ClockWatcher system(BooleanSupplier synced) {
        return new ClockWatcher(synced, System::currentTimeMillis, System::nanoTime);
    }

    /**
     * The correction in milliseconds (true time minus believed time), once: at the first call that
     * finds the clock synchronised. Empty before, and after.
     */
    public synchronized OptionalLong check() {
        if (reported || !synced.getAsBoolean()) {
            return OptionalLong.empty();
        }
        reported = true;
        long believed = bootWallMs + (monoNanos.getAsLong() - bootNanos) / 1_000_000;
        return OptionalLong.of(wallMs.getAsLong() - believed);
    }
}
