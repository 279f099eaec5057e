package org.onedoor.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Freshness;

/**
 * What one scan's commit costs in each durability mode: {@code append} (the commit the relay waits
 * for) plus {@code seal}, on a real SQLite file. Prints the figures docs/reliability.md quotes; asserts
 * only that every append succeeded, so a slow disk makes the numbers bigger, never the test red.
 */
class DurabilityCostTest {
    private static final int SCANS = 5_000;
    /** Enough for the JIT to compile the append path and for SQLite to settle its WAL. */
    private static final int WARM_UP = 1_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Durability.class)
    void perScanCommitCost(Durability durability) {
        timeScans(durability, dir.resolve("warm-up"), WARM_UP);
        long[] micros = timeScans(durability, dir.resolve("measured"), SCANS);
        Arrays.sort(micros);
        System.out.printf("DurabilityCostTest: %s (synchronous=%s): %,d scans, µs per scan p50 %d, p99 %d,"
                        + " mean %.0f%n", durability, durability.synchronous(), SCANS, micros[SCANS / 2],
                micros[SCANS * 99 / 100], Arrays.stream(micros).average().orElseThrow());
    }

    /** Appends and seals {@code n} entries in a fresh ledger in {@code dataDir}; returns each one's µs. */
    private static long[] timeScans(Durability durability, Path dataDir, int n) {
        long[] micros = new long[n];
        try (Ledger ledger = Ledger.open(dataDir, new LedgerSettings(durability, Duration.ofDays(28), 0),
                Clock.systemUTC(), () -> true, Map.of("terminal", "t-1"))) {
            assertEquals(durability.synchronousLevel(), ledger.synchronousLevel());
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                Recorded r = ledger.append(new Event.Entry("east", "东门", "entry", "granted", "green", "green",
                        "online", "pseudonym-" + i, "strict", Freshness.UNKNOWN));
                ledger.seal(r.seq(), 1_000);
                micros[i] = (System.nanoTime() - start) / 1_000;
                assertEquals(i + 1, r.seq());
            }
            assertEquals(n, ledger.depth());
        }
        return micros;
    }
}
