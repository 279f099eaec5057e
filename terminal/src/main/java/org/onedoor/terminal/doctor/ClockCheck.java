package org.onedoor.terminal.doctor;

import java.util.function.BooleanSupplier;

/**
 * Whether the system clock is known to be synchronised. A warning, not a failure: the gate works
 * and marks its records as taken with an unsynchronised clock (docs/reliability.md).
 */
final class ClockCheck implements Check {
    static final String NAME = "clock";
    private final BooleanSupplier synced;

    ClockCheck(BooleanSupplier synced) {
        this.synced = synced;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding run() {
        return synced.getAsBoolean()
                ? Finding.ok(NAME, "synchronised (systemd-timesyncd)")
                : Finding.warn(NAME, "not known to be synchronised (no NTP answer yet, or timesyncd not running); "
                        + "entries are marked with an unsynchronised clock until it is");
    }
}
