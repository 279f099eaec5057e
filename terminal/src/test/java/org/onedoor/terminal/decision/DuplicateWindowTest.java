package org.onedoor.terminal.decision;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DuplicateWindowTest {
    private static final long S = 1_000_000_000L;

    @Test
    void seenWithinTheWindowOnly() {
        DuplicateWindow w = new DuplicateWindow(Duration.ofSeconds(3));
        w.remember("a", 10 * S);
        assertTrue(w.seenWithin("a", 12 * S));
        assertFalse(w.seenWithin("b", 12 * S));
        assertFalse(w.seenWithin("a", 13 * S));
    }

    @Test
    void aZeroWindowRemembersNothing() {
        DuplicateWindow w = new DuplicateWindow(Duration.ZERO);
        w.remember("a", S);
        assertFalse(w.seenWithin("a", S));
    }

    @Test
    void staysBoundedUnderAFlood() {
        DuplicateWindow w = new DuplicateWindow(Duration.ofHours(1));
        for (int i = 0; i < 100_000; i++) {
            w.remember("k" + i, S);
        }
        assertFalse(w.seenWithin("k0", S), "the oldest keys were dropped");
        assertTrue(w.seenWithin("k99999", S));
    }
}
