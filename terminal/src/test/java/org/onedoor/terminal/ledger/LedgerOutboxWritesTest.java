package org.onedoor.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Freshness;

/**
 * What the outbox writes, and when: the reader's polls and the health report's counts write nothing, rows are
 * handed out once each in seq order, and the acknowledgements, which the publisher hands over without the ledger's
 * lock, reach the file with the next write that is due. Each test watches the file through a second connection, as another process would.
 */
class LedgerOutboxWritesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Ledger open() {
        return Ledger.open(dir, new LedgerSettings(Durability.POWER_SAFE, Duration.ofDays(28), 0), Clock.systemUTC(),
                () -> true, Map.of("terminal", "t1", "venue", "v1"));
    }

    private static Event.Entry entry() {
        return new Event.Entry("east", "东门", "entry", "granted", "green", "green", "online", "abc", "strict",
                Freshness.UNKNOWN);
    }

    private Connection watcher() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Ledger.FILE_NAME));
    }

    /** Changes whenever another connection commits to the file. */
    private static long dataVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA data_version")) {
            return rs.getLong(1);
        }
    }

    private static long publishedInFile(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM events WHERE published = 1")) {
            return rs.getLong(1);
        }
    }

    @Test
    void pollsAndCountsWriteNothingUntilTheAcknowledgementsAreFlushed() throws Exception {
        try (Ledger l = open(); Connection file = watcher()) {
            for (int i = 0; i < 3; i++) {
                l.seal(l.append(entry()).seq(), 700);
            }
            assertEquals(List.of(1L, 2L, 3L), seqs(l.pending(-1, 10)));
            long version = dataVersion(file);

            l.markPublished(List.of(1L, 2L));
            assertTrue(l.pending(3, 10).isEmpty());
            assertEquals(1, l.depth(), "acknowledged rows count as published before they are written");
            assertTrue(l.oldestPendingEpochMs() > 0);
            assertEquals(version, dataVersion(file), "the publisher's poll and the counts wrote nothing");
            assertEquals(0, publishedInFile(file));

            l.flush();
            assertNotEquals(version, dataVersion(file));
            assertEquals(2, publishedInFile(file));
            assertEquals(1, l.depth());
            assertEquals(2, l.synchronousLevel(), "power-safe again after the acknowledgements' own write");
        }
    }

    @Test
    void aReadFromTheStartNeverHandsOutRowsAcknowledgedButNotYetWritten() throws Exception {
        try (Ledger l = open()) {
            for (int i = 0; i < 3; i++) {
                l.seal(l.append(entry()).seq(), 700);
            }
            assertEquals(List.of(1L, 2L, 3L), seqs(l.pending(-1, 10)));
            l.markPublished(List.of(1L, 2L));
            assertEquals(List.of(3L), seqs(l.pending(-1, 10)), "asked again from the start: only what is unpublished");
            l.seal(l.append(entry()).seq(), 700);
            l.markPublished(List.of(3L));
            assertEquals(List.of(4L), seqs(l.pending(-1, 10)));
        }
    }

    @Test
    void aLatencyIsPublishedFromMemoryWithoutAWriteAndGoesIntoTheNextAppendsSyncedCommit() throws Exception {
        try (Ledger l = open(); Connection file = watcher()) {
            long seq = l.append(entry()).seq();
            long version = dataVersion(file);
            l.seal(seq, 1234);
            byte[] payload = l.pending(-1, 10).get(0).payload();
            assertEquals(1234, JSON.readTree(payload).get("latency_us").asLong());
            assertEquals(version, dataVersion(file), "the latency cost no commit of its own");
            assertEquals(0, latencyInFile(file, seq));

            l.markPublished(List.of(seq));
            assertEquals(seq + 1, l.append(entry()).seq());
            assertEquals(1234, latencyInFile(file, seq), "written with the next entry, in its synced commit");
            assertEquals(1, publishedInFile(file), "and so was the acknowledgement");
            assertEquals(2, l.synchronousLevel());
        }
    }

    @Test
    void aLatencyAfterACrashIsWrittenAtTheNextOpenAndTheEntryIsSentAgainUnchanged() throws Exception {
        Path crashed = dir.resolve("crashed");
        byte[] first;
        try (Ledger l = open()) {
            long seq = l.append(entry()).seq();
            l.seal(seq, 4321);
            first = l.pending(-1, 10).get(0).payload();
            // What a process killed here leaves: the committed rows, the WAL and the journal, as the kernel has them.
            copyFiles(dir, crashed);
        }
        try (Ledger l = Ledger.open(crashed, new LedgerSettings(Durability.POWER_SAFE, Duration.ofDays(28), 0),
                Clock.systemUTC(), () -> true, Map.of("terminal", "t1", "venue", "v1"))) {
            List<OutboxMessage> again = l.pending(-1, 10);
            assertEquals(1, again.size());
            assertEquals(new String(first, java.nio.charset.StandardCharsets.UTF_8),
                    new String(again.get(0).payload(), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(0, Files.size(crashed.resolve(LatencyJournal.FILE_NAME)), "emptied once written");
    }

    @Test
    void withoutAJournalALatencyIsWrittenBeforeItsEntryIsRead() throws Exception {
        Files.createDirectories(dir.resolve(LatencyJournal.FILE_NAME)); // a directory where the file should be
        try (Ledger l = open(); Connection file = watcher()) {
            long seq = l.append(entry()).seq();
            l.seal(seq, 1234);
            byte[] payload = l.pending(-1, 10).get(0).payload();
            assertEquals(1234, JSON.readTree(payload).get("latency_us").asLong());
            assertEquals(1234, latencyInFile(file, seq), "a resent entry is read with the same latency");
            assertEquals(2, l.synchronousLevel());
            assertEquals(seq + 1, l.append(entry()).seq());
        }
    }

    private static long latencyInFile(Connection c, long seq) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(latency_us, 0) FROM events WHERE seq = " + seq)) {
            return rs.getLong(1);
        }
    }

    private static void copyFiles(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to);
        for (String name : List.of(Ledger.FILE_NAME, Ledger.FILE_NAME + "-wal", LatencyJournal.FILE_NAME)) {
            Files.copy(from.resolve(name), to.resolve(name));
        }
    }

    @Test
    void smallReadsGetEveryRowOnceInOrderAcrossAppends() {
        int rows = 40;
        try (Ledger l = open()) {
            for (int i = 0; i < rows; i++) {
                l.seal(l.append(entry()).seq(), 10);
            }
            List<Long> handedOut = new ArrayList<>();
            long last = -1;
            while (handedOut.size() < rows + 5) {
                List<OutboxMessage> batch = l.pending(last, 3);
                if (batch.isEmpty()) {
                    for (int i = 0; i < 5; i++) { // appended after the last row was handed out
                        l.seal(l.append(entry()).seq(), 10);
                    }
                    continue;
                }
                batch.forEach(m -> handedOut.add(m.seq()));
                last = batch.get(batch.size() - 1).seq();
            }
            assertEquals(LongStream.rangeClosed(1, rows + 5).boxed().toList(), handedOut);
        }
    }

    @Test
    void aRestartFromTheLowestSeqSkipsWhatWasAcknowledgedMeanwhile() {
        try (Ledger l = open()) {
            for (int i = 0; i < 10; i++) {
                l.seal(l.append(entry()).seq(), 10);
            }
            assertEquals(List.of(1L, 2L, 3L), seqs(l.pending(-1, 3)));
            assertEquals(List.of(4L, 5L, 6L), seqs(l.pending(3, 3)));
            l.markPublished(List.of(1L, 2L, 4L));
            // A reconnect: everything unacknowledged again from the lowest seq, not the rows read before.
            assertEquals(List.of(3L, 5L, 6L, 7L), seqs(l.pending(-1, 4)));
        }
    }

    @Test
    void acknowledgementsInRunsAndGapsMarkExactlyTheAcknowledgedRowsInTheFile() throws Exception {
        try (Ledger l = open(); Connection file = watcher()) {
            for (int i = 0; i < 12; i++) {
                l.seal(l.append(entry()).seq(), 10);
            }
            l.markPublished(List.of(9L, 1L, 2L, 3L, 5L, 12L, 8L, 10L));
            l.flush();
            assertEquals(List.of(1L, 2L, 3L, 5L, 8L, 9L, 10L, 12L), seqsInFile(file, 1));
            assertEquals(List.of(4L, 6L, 7L, 11L), seqsInFile(file, 0));
            assertEquals(List.of(4L, 6L, 7L, 11L), seqs(l.pending(-1, 10)));
        }
    }

    @Test
    void acknowledgementsHandedOverDuringReadsAllReachTheFile() throws Exception {
        int rows = 3_000;
        try (Ledger l = open(); Connection file = watcher()) {
            for (int i = 0; i < rows; i++) {
                l.seal(l.append(entry()).seq(), 10);
            }
            // As the outbox's reader and the publisher do: one thread reads on, another acknowledges what it read.
            BlockingQueue<List<Long>> read = new LinkedBlockingQueue<>();
            Thread acknowledging = new Thread(() -> {
                try {
                    for (List<Long> seqs = read.take(); !seqs.isEmpty(); seqs = read.take()) {
                        for (Long seq : seqs) {
                            l.markPublished(List.of(seq));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            acknowledging.start();
            long last = -1;
            for (List<OutboxMessage> batch = l.pending(last, 128); !batch.isEmpty(); batch = l.pending(last, 128)) {
                read.add(seqs(batch));
                last = batch.get(batch.size() - 1).seq();
            }
            read.add(List.of());
            acknowledging.join(60_000);
            assertEquals(rows, last, "every row was read once, in order");
            l.flush();
            assertEquals(0, l.depth());
            assertEquals(rows, publishedInFile(file));
            assertTrue(l.pending(-1, 10).isEmpty());
        }
    }

    private static List<Long> seqsInFile(Connection c, int published) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq FROM events WHERE published = " + published + " ORDER BY seq")) {
            while (rs.next()) {
                seqs.add(rs.getLong(1));
            }
        }
        return seqs;
    }

    private static List<Long> seqs(List<OutboxMessage> messages) {
        return messages.stream().map(OutboxMessage::seq).toList();
    }
}
