package org.onedoor.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Freshness;

/** Opening the ledger: what a failed open leaves behind, and what becomes of a damaged file. */
class LedgerRecoveryTest {
    @TempDir
    Path dir;

    private Ledger open() {
        return Ledger.open(dir, new LedgerSettings(Durability.PROCESS_SAFE, Duration.ofDays(28), 0), Clock.systemUTC(),
                () -> true, Map.of("terminal", "t1", "venue", "v1"));
    }

    private static Event.Entry entry() {
        return new Event.Entry("east", "东门", "entry", "granted", "green", "green", "online", "abc", "strict",
                Freshness.UNKNOWN);
    }

    @Test
    void aLedgerOfRandomBytesIsMovedAsideAndANewOneStarted() throws Exception {
        byte[] junk = new byte[64 * 1024];
        new Random(7).nextBytes(junk);
        Files.write(dir.resolve(Ledger.FILE_NAME), junk);
        try (Ledger l = open()) {
            Recovery r = l.recovered().orElseThrow();
            assertEquals(0, r.salvaged());
            assertEquals("ledger", r.damaged().store());
            assertTrue(r.damaged().problem().contains("NOTADB"), r.damaged().problem());
            assertEquals(1, l.append(entry()).seq());
        }
        Path aside = dir.resolve(names().stream().filter(n -> n.startsWith(Ledger.FILE_NAME + ".damaged-")).findFirst()
                .orElseThrow());
        assertEquals(junk.length, Files.size(aside), "the damaged file is kept as it was");
    }

    @Test
    void aLedgerWithBadPagesGivesUpOnlyTheRowsOnThem() throws Exception {
        long oldBoot;
        try (Ledger l = open()) {
            for (int i = 0; i < 2_000; i++) {
                l.seal(l.append(entry()).seq(), 100);
            }
            l.markPublished(LongStream.rangeClosed(1, 1_000).boxed().toList());
            l.flush();
            oldBoot = l.boot();
        }
        Path file = dir.resolve(Ledger.FILE_NAME);
        long pages = Files.size(file) / 4096;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] junk = new byte[4096];
            Random random = new Random(11);
            for (long page = pages / 2; page < pages / 2 + 3; page++) {
                random.nextBytes(junk);
                raf.seek(page * 4096);
                raf.write(junk);
            }
        }
        try (Ledger l = open()) {
            Recovery r = l.recovered().orElseThrow();
            System.out.printf("LedgerRecoveryTest: 2,000 rows, 3 of %d pages overwritten: %d salvaged (%d unpublished),"
                    + " %d unreadable%n", pages, r.salvaged(), r.salvagedUnpublished(), r.unreadable());
            assertTrue(r.salvaged() >= 1_500, "most rows salvaged: " + r);
            assertTrue(r.salvagedUnpublished() > 0 && r.salvagedUnpublished() <= 1_000, r.toString());
            assertEquals(oldBoot + 1, l.boot(), "a new boot after the old one");
            assertEquals(r.salvagedUnpublished(), l.depth(), "what the county had not acknowledged is in the outbox");
            assertTrue(l.append(entry()).seq() > 2_000, "no seq of the old ledger is given again");
        }
    }

    /** Files in the data directory, SQLite's own companions left out. */
    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith("-wal") && !n.endsWith("-shm"))
                    .sorted().toList();
        }
    }
}
