package org.onedoor.terminal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClockWatcherTest {
    @Test
    void reportsTheCorrectionOnceWhenTheClockBecomesSynchronised() {
        AtomicBoolean synced = new AtomicBoolean(false);
        AtomicLong wall = new AtomicLong(1_000_000);     // the clock the Pi booted with
        AtomicLong mono = new AtomicLong(5_000_000_000L);
        ClockWatcher w = new ClockWatcher(synced::get, wall::get, mono::get);

        mono.addAndGet(60_000_000_000L);                 // a minute passes
        wall.addAndGet(60_000);
        assertTrue(w.check().isEmpty(), "not synchronised yet");

        synced.set(true);
        wall.set(1_000_000 + 60_000 + 86_400_000);        // NTP: the clock was a day behind
        assertEquals(OptionalLong.of(86_400_000), w.check());
        assertTrue(w.check().isEmpty(), "reported once per boot");
    }

    @Test
    void aClockSynchronisedFromTheStartNeedsNoCorrection() {
        ClockWatcher w = new ClockWatcher(() -> true, System::currentTimeMillis, System::nanoTime);
        assertTrue(w.check().isEmpty());
    }
}
