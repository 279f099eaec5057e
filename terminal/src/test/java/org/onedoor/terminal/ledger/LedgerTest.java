package org.onedoor.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.event.Freshness;
import org.onedoor.terminal.testing.SettableClock;

class LedgerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    private Ledger open(Clock clock) {
        return open(clock, Durability.PROCESS_SAFE, 0);
    }

    private Ledger open(Clock clock, Durability durability, int maxSizeMb) {
        return Ledger.open(dir, new LedgerSettings(durability, Duration.ofDays(28), maxSizeMb), clock, () -> true,
                Map.of("terminal", "t1", "venue", "v1"));
    }

    private static Event.Entry entry(String reason) {
        return new Event.Entry("east", "东门", "entry", "granted", reason, "green", "online", "abc", "strict", Freshness.UNKNOWN);
    }

    @Test
    void seqIncreasesByOneAcrossRestartsAndBootCounts() {
        try (Ledger l = open(Clock.systemUTC())) {
            assertEquals(1, l.boot());
            assertEquals(1, l.append(entry("green")).seq());
            assertEquals(2, l.append(entry("green")).seq());
        }
        try (Ledger l = open(Clock.systemUTC())) {
            assertEquals(2, l.boot());
            assertEquals(3, l.append(entry("green")).seq());
        }
    }

    /** The warm-up before READY: the row is written and rolled back, and nothing of it stays or is heard of. */
    @Test
    void aRehearsedEntryLeavesNoRowTakesNoSeqAndTellsNoListener() throws Exception {
        try (Ledger l = open(Clock.systemUTC(), Durability.POWER_SAFE, 0)) {
            List<Event> heard = new java.util.ArrayList<>();
            l.onAppended((event, recorded) -> heard.add(event));
            l.rehearse(entry("green"));
            l.rehearse(entry("green"));
            assertTrue(heard.isEmpty(), "no listener hears of a rehearsal");
            assertTrue(l.pending(-1, 10).isEmpty(), "nothing for the outbox");
            assertEquals(0, l.appendedCount());
            assertEquals(1, l.append(entry("green")).seq(), "the first real entry takes the first seq");
            assertEquals(1, heard.size());
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Ledger.FILE_NAME));
             var q = c.createStatement(); var rs = q.executeQuery("SELECT count(*), max(seq) FROM events")) {
            assertEquals(1, rs.getLong(1), "only the real entry is in the file");
            assertEquals(1, rs.getLong(2));
        }
    }

    @Test
    void idsAreUniqueUuidV7() {
        Set<String> ids = new HashSet<>();
        try (Ledger l = open(Clock.systemUTC())) {
            for (int i = 0; i < 500; i++) {
                String id = l.append(entry("green")).id();
                assertEquals('7', id.charAt(14), id);
                ids.add(id);
            }
        }
        assertEquals(500, ids.size());
    }

    @Test
    void timestampNeverGoesBackWithinABoot() {
        SettableClock now = new SettableClock(Instant.parse("2026-11-21T08:00:00Z"));
        try (Ledger l = open(now)) {
            assertEquals("2026-11-21T08:00:00.000Z", l.append(entry("green")).ts());
            now.advance(Duration.ofSeconds(-60)); // the clock is stepped back
            assertEquals("2026-11-21T08:00:00.000Z", l.append(entry("green")).ts());
        }
    }

    @Test
    void outboxHandsOutUnpublishedInSeqOrderWithLatencies() throws Exception {
        try (Ledger l = open(Clock.systemUTC())) {
            Recorded a = l.append(entry("green"));
            l.append(new Event.Alert(AlertType.RED_CODE, Severity.HIGH, "east", "abc", Map.of("entrance", "东门")));
            assertTrue(l.pending(-1, 10).isEmpty(), "an unsealed entry holds the outbox back");
            l.seal(a.seq(), 1234);
            List<OutboxMessage> pending = l.pending(-1, 10);
            assertEquals(List.of(1L, 2L), pending.stream().map(OutboxMessage::seq).toList());
            assertEquals("entry", pending.get(0).topicSuffix());
            assertEquals("alert", pending.get(1).topicSuffix());
            JsonNode e = JSON.readTree(pending.get(0).payload());
            assertEquals(1234, e.get("latency_us").asLong());
            assertEquals("t1", e.get("terminal").asText());
            assertEquals("东门", e.get("entrance").asText());
            assertEquals(a.id(), e.get("id").asText());
            JsonNode alert = JSON.readTree(pending.get(1).payload());
            assertEquals("red_code", alert.get("type").asText());
            assertEquals("东门", alert.get("detail").get("entrance").asText());
            assertEquals(List.of(2L), l.pending(1, 10).stream().map(OutboxMessage::seq).toList());
            assertEquals(2, l.depth());
            assertTrue(l.oldestPendingEpochMs() > 0);
            l.markPublished(List.of(1L, 2L));
            assertEquals(0, l.depth());
            assertTrue(l.pending(-1, 10).isEmpty());
        }
    }

    @Test
    void awaitNewReturnsAtOnceForAnAppendSinceTheLastPendingCall() throws Exception {
        try (Ledger l = open(Clock.systemUTC())) {
            l.pending(-1, 10);
            l.seal(l.append(entry("green")).seq(), 5);
            long start = System.nanoTime();
            l.awaitNew(30_000);
            assertTrue(System.nanoTime() - start < 10_000_000_000L, "awaitNew waited for its timeout");
        }
    }

    @Test
    void wakeEndsTheNextWaitOrTheOneUnderWay() throws Exception {
        try (Ledger l = open(Clock.systemUTC())) {
            l.pending(-1, 10);
            l.wake();
            long start = System.nanoTime();
            l.awaitNew(30_000);
            assertTrue(System.nanoTime() - start < 10_000_000_000L, "a wake before the wait was lost");

            l.pending(-1, 10);
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try {
                    l.awaitNew(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            // Woken repeatedly until the wait ends: a wake that came before the wait began ends it too.
            Await.until("the wait woken", Duration.ofSeconds(10), () -> {
                l.wake();
                return waiting.isDone();
            });
            assertTrue(waiting.isDone());
        }
    }

    @Test
    void aDatabaseFromANewerReleaseIsRefused() throws Exception {
        open(Clock.systemUTC()).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
             var s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        LedgerException e = assertThrows(LedgerException.class, () -> open(Clock.systemUTC()));
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
        assertTrue(e.getMessage().contains("newer OneDoor"), e.getMessage());
    }

    @Test
    void walModeIsOn() throws Exception {
        open(Clock.systemUTC()).close();
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"));
             var s = c.createStatement(); var rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1));
        }
        assertFalse(dir.resolve("ledger.db").toFile().length() == 0);
    }

    @Test
    void theDurabilitySettingIsAppliedAndReadBack() {
        try (Ledger l = open(Clock.systemUTC(), Durability.POWER_SAFE, 0)) {
            assertEquals(2, l.synchronousLevel(), "FULL");
        }
        try (Ledger l = open(Clock.systemUTC(), Durability.PROCESS_SAFE, 0)) {
            assertEquals(1, l.synchronousLevel(), "NORMAL");
        }
    }

    @Test
    void anOlderDatabaseIsUpgradedInPlaceWithItsRows() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"))) {
            Schema.migrate(c, 1);
            try (var s = c.createStatement()) {
                s.execute("INSERT INTO meta(key, value) VALUES ('boot', '4')");
                s.execute("INSERT INTO events (id, kind, ts, epoch_ms, boot, mono_ms, clock_synced, lane, result,"
                        + " reason, status, source, subject, published) VALUES ('id-1', 'entry',"
                        + " '2026-11-01T00:00:00.000Z', 1, 4, 5, 1, 'east', 'granted', 'green', 'green', 'online', 'p', 0)");
            }
        }
        try (Ledger l = open(Clock.systemUTC())) {
            assertEquals(5, l.boot(), "the boot counter carried over");
            List<OutboxMessage> pending = l.pending(-1, 10);
            assertEquals(1, pending.size(), "the old row is still there and still unpublished");
            assertEquals("id-1", JSON.readTree(pending.get(0).payload()).get("id").asText());
            assertEquals(2, l.append(entry("green")).seq(), "seq continues after the old rows");
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"))) {
            assertEquals(Schema.CURRENT, Schema.userVersion(c));
            try (var s = c.createStatement(); var rs = s.executeQuery(
                    "SELECT group_concat(name) FROM sqlite_master WHERE type = 'index' AND name LIKE 'events_%'")) {
                rs.next();
                assertEquals(null, rs.getString(1), "v5 keeps no index beside the table (v2 had dropped the subject"
                        + " index)");
            }
        }
    }

    /** v4: entries written before ID cards existed name their credential from their source. */
    @Test
    void entriesOfAV3DatabaseGetTheirCredentialFromTheirSource() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ledger.db"))) {
            Schema.migrate(c, 3);
            try (var s = c.createStatement()) {
                s.execute("INSERT INTO meta(key, value) VALUES ('boot', '1')");
                int i = 0;
                for (String source : List.of("online", "manual", "remote", "signed", "none")) {
                    s.execute("INSERT INTO events (id, kind, ts, epoch_ms, boot, mono_ms, clock_synced, lane, result,"
                            + " reason, status, source, published) VALUES ('id-" + i++ + "', 'entry',"
                            + " '2026-11-01T00:00:00.000Z', 1, 1, 5, 1, 'east', 'granted', 'green', 'green', '" + source
                            + "', 0)");
                }
            }
        }
        try (Ledger l = open(Clock.systemUTC())) {
            List<String> credentials = new java.util.ArrayList<>();
            for (OutboxMessage m : l.pending(-1, 10)) {
                credentials.add(JSON.readTree(m.payload()).get("credential").asText());
            }
            assertEquals(List.of("code", "button", "remote", "signed", "code"), credentials);
        }
    }

    @Test
    void retentionDeletesOnlyPublishedRowsPastIt() {
        SettableClock now = new SettableClock(Instant.parse("2026-10-01T00:00:00Z"));
        try (Ledger l = open(now)) {
            long published = sealed(l, "green");
            sealed(l, "green"); // never acknowledged
            l.markPublished(List.of(published));
            now.set(Instant.parse("2026-10-20T00:00:00Z"));
            long recent = sealed(l, "green");
            l.markPublished(List.of(recent));
            now.set(Instant.parse("2026-11-01T00:00:00Z")); // 31 days after the first rows
            Purge p = l.purgeExpired();
            assertEquals(new Purge(1, 1), p, "one old published row deleted, one old unpublished kept");
            assertEquals(List.of(2L), l.pending(-1, 10).stream().map(OutboxMessage::seq).toList());
        }
    }

    @Test
    void aFullDatabaseGivesUpExpiredRowsThenCountsWhatItCannotWrite() {
        SettableClock now = new SettableClock(Instant.parse("2026-09-01T00:00:00Z"));
        try (Ledger l = open(now, Durability.PROCESS_SAFE, 1)) {
            List<Long> old = new java.util.ArrayList<>();
            long lastOld = fillUntilFull(l, old);
            l.markPublished(old);
            now.set(Instant.parse("2026-11-01T00:00:00Z")); // the old rows are now past retention
            long firstNew = sealed(l, "green");
            assertTrue(firstNew > lastOld, "the write succeeded after expired published rows made room");
            assertTrue(l.pending(-1, 100_000).size() >= 1);

            List<Long> unpublished = new java.util.ArrayList<>();
            fillUntilFull(l, unpublished); // nothing is expired now: the database stays full
            assertThrows(LedgerException.class, () -> l.append(entry("green")));
            assertThrows(LedgerException.class, () -> l.append(entry("green")));
            long failed = l.unrecorded();
            assertTrue(failed >= 2, "failures counted: " + failed);

            l.markPublished(unpublished);
            now.set(Instant.parse("2027-01-01T00:00:00Z"));
            l.purgeExpired(); // space again
            long after = sealed(l, "green");
            assertEquals(0, l.unrecorded());
            List<OutboxMessage> pending = l.pending(-1, 100_000);
            List<OutboxMessage> alerts = pending.stream().filter(m -> m.topicSuffix().equals("alert")).toList();
            assertEquals(2, alerts.size(), "one report per stretch of failures: the first fill's, and this one's");
            OutboxMessage alert = alerts.get(1);
            assertEquals(after - 1, alert.seq(), "the loss is reported just before the first event written again");
            try {
                JsonNode a = JSON.readTree(alert.payload());
                assertEquals("ledger_write_failed", a.get("type").asText());
                assertEquals(failed, a.get("detail").get("unrecorded").asLong());
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void theClockCorrectionIsAnEventOfItsOwnInSeq() throws Exception {
        try (Ledger l = open(Clock.systemUTC())) {
            sealed(l, "green");
            Recorded clock = l.append(new Event.ClockCorrection(86_400_000));
            assertEquals(2, clock.seq(), "one sequence over all events");
            OutboxMessage m = l.pending(-1, 10).get(1);
            assertEquals("clock", m.topicSuffix());
            JsonNode c = JSON.readTree(m.payload());
            assertEquals(86_400_000, c.get("detail").get("correction_ms").asLong());
            assertTrue(c.has("mono_ms") && c.has("boot") && c.has("ts"), "enough to correct the boot's earlier events");
        }
    }

    private static long fillUntilFull(Ledger l, List<Long> seqs) {
        for (int i = 0; i < 1_000_000; i++) {
            try {
                seqs.add(sealed(l, "green"));
            } catch (LedgerException e) {
                assertTrue(e.getMessage().contains("full"), e.getMessage());
                return seqs.get(seqs.size() - 1);
            }
        }
        throw new AssertionError("a 1 MB ledger never filled");
    }

    private static long sealed(Ledger l, String reason) {
        long seq = l.append(entry(reason)).seq();
        l.seal(seq, 10);
        return seq;
    }
}
