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

    @Test
    void aSalvageThatCannotBeWrittenStillStartsTheLedger() throws Exception {
        try (Ledger l = open()) {
            for (int i = 0; i < 8_000; i++) {
                l.seal(l.append(entry()).seq(), 100);
            }
        }
        Path file = dir.resolve(Ledger.FILE_NAME);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] junk = new byte[4096];
            new Random(13).nextBytes(junk);
            raf.seek(Files.size(file) / 2 / 4096 * 4096);
            raf.write(junk);
        }
        // The old rows no longer fit: the new ledger is capped at 1 MB.
        try (Ledger l = Ledger.open(dir, new LedgerSettings(Durability.PROCESS_SAFE, Duration.ofDays(28), 1),
                Clock.systemUTC(), () -> true, Map.of("terminal", "t1", "venue", "v1"))) {
            Recovery r = l.recovered().orElseThrow();
            assertEquals(0, r.salvaged());
            assertTrue(r.salvageFailure() != null && r.alert().detail().containsKey("salvage_failed"), r.toString());
            assertEquals(1, l.append(entry()).seq(), "the gate records again");
        }
    }

    @Test
    void theCheckAtOpenCostsLittleOnALargeLedger() throws Exception {
        open().close();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Ledger.FILE_NAME));
             var st = c.createStatement()) {
            st.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)"
                    + " INSERT INTO events (id, kind, ts, epoch_ms, boot, mono_ms, clock_synced, lane, entrance,"
                    + " direction, result, reason, status, source, subject, latency_us, mode, published)"
                    + " SELECT lower(hex(randomblob(16))), 'entry', '2026-11-21T08:00:00.000Z', 1795000000000 + i, 1, i,"
                    + " 1, 'east', 'east gate', 'entry', 'granted', 'green', 'green', 'online',"
                    + " lower(hex(randomblob(32))), 900, 'strict', 1 FROM n");
        }
        long megabytes = Files.size(dir.resolve(Ledger.FILE_NAME)) >> 20;
        long started = System.nanoTime();
        try (Ledger l = open()) {
            long ms = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("LedgerRecoveryTest: opening a %d MB ledger of 200,000 rows, quick_check included: %d ms%n",
                    megabytes, ms);
            assertTrue(l.recovered().isEmpty());
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
