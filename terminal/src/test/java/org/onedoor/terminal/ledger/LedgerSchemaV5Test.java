package org.onedoor.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Freshness;
import org.onedoor.terminal.testing.SettableClock;

/**
 * v5 keeps the events table alone (no AUTOINCREMENT counter, no index of ids, unpublished rows or ages), so that an
 * entry's synced commit writes one b-tree page instead of five; a seq is still never given twice.
 */
class LedgerSchemaV5Test {
    @TempDir
    Path dir;

    private Ledger open(Clock clock) {
        return Ledger.open(dir, new LedgerSettings(Durability.POWER_SAFE, Duration.ofDays(28), 0), clock, () -> true,
                Map.of("terminal", "t1"));
    }

    private static Event.Entry entry() {
        return new Event.Entry("east", "东门", "entry", "granted", "green", "green", "online", "abc", "strict",
                Freshness.UNKNOWN);
    }

    /** A v4 file whose newest rows retention had deleted: AUTOINCREMENT's counter is above every row left. */
    @Test
    void aV4LedgerIsRebuiltWithItsRowsAndItsCounter() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"))) {
            Schema.migrate(c, 4);
            try (var s = c.createStatement()) {
                s.execute("INSERT INTO meta(key, value) VALUES ('boot', '3')");
                for (int seq = 1; seq <= 6; seq++) {
                    s.execute("INSERT INTO events (seq, id, kind, ts, epoch_ms, boot, mono_ms, clock_synced, lane, result,"
                            + " reason, status, source, subject, latency_us, credential, published) VALUES (" + seq
                            + ", 'id-" + seq + "', 'entry', '2026-11-01T00:00:00.000Z', " + seq + ", 3, 5, 1, 'east',"
                            + " 'granted', 'green', 'green', 'online', 'p', 40, 'code', " + (seq <= 3 ? 1 : 0) + ")");
                }
                s.execute("DELETE FROM events WHERE seq >= 5");
            }
            assertEquals(6, query(c, "SELECT seq FROM sqlite_sequence WHERE name = 'events'"));
        }
        try (Ledger l = open(Clock.systemUTC())) {
            assertEquals(4, l.boot());
            assertEquals(List.of(4L), l.pending(-1, 10).stream().map(OutboxMessage::seq).toList(),
                    "published rows stay published, the unpublished one is still to send");
            assertEquals(1, l.depth());
            assertEquals(7, l.append(entry()).seq(), "seq continues after the highest ever given, not the highest left");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"))) {
            assertEquals(Schema.CURRENT, Schema.userVersion(c));
            assertEquals(5, query(c, "SELECT count(*) FROM events"));
            assertEquals(40, query(c, "SELECT latency_us FROM events WHERE seq = 2"), "columns copied as they were");
            assertEquals(0, query(c, "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%AUTOINCREMENT%'"));
            assertEquals(0, query(c, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"));
        }
    }

    @Test
    void retentionThatDeletesTheNewestRowsGivesNoSeqTwice() {
        SettableClock now = new SettableClock(Instant.parse("2026-10-01T00:00:00Z"));
        try (Ledger l = open(now)) {
            for (int i = 0; i < 3; i++) {
                long seq = l.append(entry()).seq();
                l.seal(seq, 10);
                l.markPublished(List.of(seq));
            }
            now.set(Instant.parse("2026-11-15T00:00:00Z"));
            assertEquals(new Purge(3, 0), l.purgeExpired(), "every row was published and past retention");
        }
        try (Ledger l = open(now)) {
            assertEquals(0, l.depth());
            assertEquals(4, l.append(entry()).seq());
        }
    }

    /** Retention reads up by seq: a row stamped by a clock that was ahead (one boot) does not hold back the rest. */
    @Test
    void aRowFromAClockThatWasAheadDoesNotHoldRetentionBack() {
        SettableClock now = new SettableClock(Instant.parse("2026-10-01T00:00:00Z"));
        for (String stamp : List.of("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z", "2026-10-02T00:00:00Z")) {
            now.set(Instant.parse(stamp));
            try (Ledger l = open(now)) {
                long seq = l.append(entry()).seq();
                l.seal(seq, 10);
                l.markPublished(List.of(seq));
            }
        }
        now.set(Instant.parse("2026-11-15T00:00:00Z"));
        try (Ledger l = open(now)) {
            assertEquals(new Purge(2, 0), l.purgeExpired(), "both rows past retention go, the future one stays");
            assertEquals(4, l.append(entry()).seq());
        }
    }

    @Test
    void theOutboxAndItsDepthFollowAcknowledgementsAcrossARestart() {
        try (Ledger l = open(Clock.systemUTC())) {
            for (int i = 0; i < 5; i++) {
                l.seal(l.append(entry()).seq(), 10);
            }
            l.markPublished(List.of(1L, 2L, 4L));
            l.flush();
            assertEquals(List.of(3L, 5L), l.pending(-1, 10).stream().map(OutboxMessage::seq).toList());
            assertEquals(2, l.depth());
        }
        try (Ledger l = open(Clock.systemUTC())) {
            assertEquals(List.of(3L, 5L), l.pending(-1, 10).stream().map(OutboxMessage::seq).toList());
            l.markPublished(List.of(3L, 5L));
            l.flush();
            assertEquals(0, l.depth());
            assertEquals(0, l.oldestPendingEpochMs());
            long next = l.append(entry()).seq();
            l.seal(next, 10);
            assertEquals(List.of(6L), l.pending(5, 10).stream().map(OutboxMessage::seq).toList());
            assertEquals(1, l.depth());
        }
    }

    private static long query(Connection c, String sql) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }
}
