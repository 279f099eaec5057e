package org.onedoor.terminal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onedoor.terminal.command.CommandFixture.NOW;
import static org.onedoor.terminal.command.CommandFixture.SELF;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.testing.SettableClock;

class SeenIdsTest {
    @TempDir
    Path dataDir;

    private final SettableClock clock = new SettableClock(NOW);

    @Test
    void anAcceptedCommandIsReplayedAfterARestart() throws Exception {
        CommandFixture fx = new CommandFixture();
        byte[] payload = fx.signed(CommandFixture.open("r1"));
        try (SeenIds seen = SeenIds.open(dataDir, clock)) {
            var verifier = new CommandVerifier(fx.county.getPublic(), SELF, clock, () -> true, seen);
            assertTrue(verifier.verify("open", payload, false).accepted());
        }
        assertTrue(Files.isRegularFile(dataDir.resolve(SeenIds.FILE)));
        try (SeenIds seen = SeenIds.open(dataDir, clock)) {
            var verifier = new CommandVerifier(fx.county.getPublic(), SELF, clock, () -> true, seen);
            assertEquals("replayed", verifier.verify("open", payload, false).reason());
        }
    }

    @Test
    void anIdIsKeptUntilItsTimeThenForgottenOnTheNextWrite() throws Exception {
        try (SeenIds seen = SeenIds.open(dataDir, clock)) {
            Instant until = NOW.plusSeconds(60);
            assertTrue(seen.firstSighting("a", until));
            assertFalse(seen.firstSighting("a", until));
            clock.advance(Duration.ofSeconds(60));
            assertFalse(seen.firstSighting("a", until), "kept up to its time");
            clock.advance(Duration.ofMillis(1));
            assertTrue(seen.firstSighting("b", NOW.plusSeconds(600)));
            assertEquals(1, seen.size(), "a was pruned");
        }
    }

    /**
     * The wall clock runs an hour ahead, a command is accepted, later commands prune, and NTP steps the clock back:
     * the first command is valid again by the corrected clock, so its id must still be known.
     */
    @Test
    void aClockSteppedBackAfterPruningDoesNotMakeASpentIdNew() throws Exception {
        long[] nanos = {0};
        try (SeenIds seen = SeenIds.open(dataDir, clock, () -> nanos[0])) {
            clock.advance(Duration.ofHours(1));
            Instant until = clock.instant().plusSeconds(90);
            assertTrue(seen.firstSighting("open-1", until));
            nanos[0] += Duration.ofSeconds(20).toNanos();
            clock.advance(Duration.ofMinutes(10)); // the wrong clock jumps further ahead
            assertTrue(seen.firstSighting("status-2", clock.instant().plusSeconds(60)));
            clock.advance(Duration.between(clock.instant(), NOW.plusSeconds(40))); // stepped back to the true time
            nanos[0] += Duration.ofSeconds(20).toNanos();
            assertFalse(seen.firstSighting("open-1", NOW.plusSeconds(130)), "the spent id is still known");
            System.out.println("SeenIdsTest: ids kept across a step back of 70 min: " + seen.size());
        }
    }
}
