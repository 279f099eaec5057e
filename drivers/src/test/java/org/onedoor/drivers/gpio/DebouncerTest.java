package org.onedoor.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The debounce rule on explicit times: what a contact's edges give, whatever the thread timing. */
class DebouncerTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long DEBOUNCE = 30 * MS;

    @Test
    void aBounceTrainGivesOneChangeAtItsEnd() {
        Debouncer d = new Debouncer(false, DEBOUNCE);
        long t = 1_000 * MS;
        // A press that bounces for 8 ms: 17 edges 0.5 ms apart, ending closed.
        for (int i = 0; i <= 16; i++) {
            d.raw(i % 2 == 0, t + i * MS / 2);
        }
        long lastEdge = t + 8 * MS;
        assertEquals(lastEdge + DEBOUNCE, d.settlesAt());
        assertEquals(List.of(), changesUntil(d, lastEdge + DEBOUNCE - 1), "nothing before the level has held");
        assertEquals(List.of(true), changesUntil(d, lastEdge + 10 * DEBOUNCE));
        assertTrue(d.stable());
    }

    @Test
    void aHeldPressGivesOneChangeAndItsReleaseAnother() {
        Debouncer d = new Debouncer(false, DEBOUNCE);
        d.raw(true, 0);
        List<Boolean> changes = new ArrayList<>(changesUntil(d, DEBOUNCE));
        for (long t = DEBOUNCE; t < 5_000 * MS; t += 10 * MS) {
            d.raw(true, t); // a driver that reports the level again while it is held
            changes.addAll(changesUntil(d, t));
        }
        assertEquals(List.of(true), changes, "held for 5 s: one press");

        d.raw(false, 5_000 * MS);
        assertEquals(List.of(false), changesUntil(d, 5_000 * MS + DEBOUNCE));
        assertFalse(d.pending());
    }

    @Test
    void aGlitchShorterThanTheDebounceTimeGivesNothing() {
        Debouncer d = new Debouncer(false, DEBOUNCE);
        d.raw(true, 0);
        d.raw(false, DEBOUNCE - MS);
        assertFalse(d.pending());
        assertEquals(List.of(), changesUntil(d, 10 * DEBOUNCE));
    }

    @Test
    void aRepeatedLevelDoesNotRestartTheWait() {
        Debouncer d = new Debouncer(false, DEBOUNCE);
        d.raw(true, 0);
        d.raw(true, 20 * MS);
        assertEquals(Optional.of(true), d.settle(DEBOUNCE));
    }

    @Test
    void withoutDebounceEveryLevelCountsAtOnce() {
        Debouncer d = new Debouncer(true, 0);
        d.raw(false, 7);
        assertEquals(Optional.of(false), d.settle(7));
    }

    /** What a checker polling every millisecond up to {@code until} would report. */
    private static List<Boolean> changesUntil(Debouncer d, long until) {
        List<Boolean> changes = new ArrayList<>();
        for (long t = until - 100 * MS; t <= until; t += MS) {
            d.settle(t).ifPresent(changes::add);
        }
        d.settle(until).ifPresent(changes::add);
        return changes;
    }
}
