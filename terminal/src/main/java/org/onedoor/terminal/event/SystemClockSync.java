package org.onedoor.terminal.event;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Whether the system clock is known to be synchronised. A Pi has no real-time clock: until NTP has
 * answered, the time may be days off. systemd-timesyncd creates the marker file once it has synced;
 * nothing else counts as "known".
 */
public final class SystemClockSync implements BooleanSupplier {
    private final Path marker;

    public SystemClockSync(Path marker) {
        this.marker = marker;
    }

    public static SystemClockSync timesyncd() {
        return new SystemClockSync(Path.of("/run/systemd/timesync/synchronized"));
    }

    @Override
    public boolean getAsBoolean() {
        return Files.exists(marker);
    }
}
