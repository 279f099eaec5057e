package org.onedoor.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Freshness;

class CheckpointerTest {
    /** Well past SQLite's own threshold of 1,000 log pages: an entry's commit writes several. */
    private static final int PAST_THRESHOLD = 1_500;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Ledger open() {
        return Ledger.open(dir, new LedgerSettings(Durability.PROCESS_SAFE, Duration.ofDays(28), 0),
                Clock.systemUTC(), () -> true, Map.of("terminal", "t1", "venue", "v1"));
    }

    private static Event.Entry entry() {
        return new Event.Entry("east", "东门", "entry", "granted", null, "green", "cache", "abc", "strict",
                Freshness.UNKNOWN);
    }

    private static void scans(Ledger ledger, int count) {
        for (int i = 0; i < count; i++) {
            ledger.seal(ledger.append(entry()).seq(), 500);
        }
        ledger.flush();
    }

    private Path file() {
        return dir.resolve(Ledger.FILE_NAME);
    }

    private long walBytes() throws Exception {
        Path wal = dir.resolve(Ledger.FILE_NAME + "-wal");
        return Files.exists(wal) ? Files.size(wal) : 0;
    }

    /** No commit copies the log into the file while the checkpointer runs; SQLite's own does again once it stops. */
    @Test
    void commitsLeaveTheCheckpointsToItsThread() throws Exception {
        try (Ledger ledger = open()) {
            Checkpointer never = new Checkpointer(() -> ledger, Long.MAX_VALUE / 8, Duration.ZERO, Long.MAX_VALUE);
            never.start();
            FileTime before = Files.getLastModifiedTime(file());
            long sizeBefore = Files.size(file());
            scans(ledger, PAST_THRESHOLD);
            never.stop();
            assertEquals(before, Files.getLastModifiedTime(file()), "no commit wrote the database file");
            assertEquals(sizeBefore, Files.size(file()));
            assertTrue(walBytes() > 1_000 * 1_024L, "the log holds every commit: " + walBytes());

            scans(ledger, 1);
            assertNotEquals(before, Files.getLastModifiedTime(file()), "the commit's own checkpoint is back");
        }
    }

    /**
     * Bursts of scans with quiet between them, as at a gate: each quiet moment copies the log, the next burst writes
     * it again from its start, so it stays the size of one burst; every row is in the file afterwards.
     */
    @Test
    void theLogStaysTheSizeOfABurstAndLosesNothing() throws Exception {
        int bursts = 12;
        int perBurst = 200;
        long firstBurstWal;
        long largestWal = 0;
        try (Ledger ledger = open()) {
            Checkpointer checkpointer = new Checkpointer(() -> ledger, 100, Duration.ofMillis(20), Long.MAX_VALUE);
            checkpointer.start();
            try {
                scans(ledger, perBurst);
                firstBurstWal = walBytes();
                for (int b = 0; b < bursts; b++) {
                    Await.until("the log copied", WAIT, () -> checkpointer.checkpointedAt() == ledger.commits());
                    scans(ledger, perBurst);
                    largestWal = Math.max(largestWal, walBytes());
                }
            } finally {
                checkpointer.stop();
            }
            try (var c = DriverManager.getConnection("jdbc:sqlite:file:" + file() + "?mode=ro");
                 ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM events WHERE latency_us = 500")) {
                rs.next();
                assertEquals((bursts + 1) * perBurst, rs.getLong(1));
            }
        }
        System.out.printf("CheckpointerTest log after the first burst %d bytes, largest after %d more %d bytes%n",
                firstBurstWal, bursts, largestWal);
        assertTrue(largestWal <= firstBurstWal * 3 / 2, "the log grew from " + firstBurstWal + " to " + largestWal);
    }

    /** A reader holding an old snapshot keeps a passive checkpoint from finishing: past the cap, the log is emptied. */
    @Test
    void pastTheHardCapTheLogIsEmptiedOnceTheReaderLetsGo() throws Exception {
        try (Ledger ledger = open()) {
            Checkpointer checkpointer = new Checkpointer(() -> ledger, 100, Duration.ZERO, 256 * 1024);
            checkpointer.start();
            try {
                try (var reader = DriverManager.getConnection("jdbc:sqlite:" + file())) {
                    reader.setAutoCommit(false);
                    try (ResultSet rs = reader.createStatement().executeQuery("SELECT count(*) FROM events")) {
                        rs.next(); // the read transaction now holds its snapshot
                    }
                    scans(ledger, 400);
                    assertTrue(walBytes() > 256 * 1024, "the log grew while the reader held on: " + walBytes());
                    reader.rollback();
                }
                Await.until("the log emptied", WAIT, () -> {
                    try {
                        return walBytes() == 0;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                scans(ledger, 10);
                assertEquals(410, ledger.appendedCount());
            } finally {
                checkpointer.stop();
            }
        }
    }
}
