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
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.event.Event;

class LedgerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    private Ledger open(Clock clock) {
        return Ledger.open(dir, Durability.PROCESS_SAFE, clock, () -> true, Map.of("terminal", "t1", "venue", "v1"));
    }

    private static Event.Entry entry(String reason) {
        return new Event.Entry("east", "东门", "entry", "granted", reason, "green", "online", "abc");
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
        AtomicLong now = new AtomicLong(Instant.parse("2026-11-21T08:00:00Z").toEpochMilli());
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }
        };
        try (Ledger l = open(clock)) {
            assertEquals("2026-11-21T08:00:00.000Z", l.append(entry("green")).ts());
            now.addAndGet(-60_000); // the clock is stepped back
            assertEquals("2026-11-21T08:00:00.000Z", l.append(entry("green")).ts());
        }
    }

    @Test
    void outboxHandsOutUnpublishedInSeqOrderWithLatencies() throws Exception {
        try (Ledger l = open(Clock.systemUTC())) {
            Recorded a = l.append(entry("green"));
            l.append(new Event.Alert("red_code", "high", "east", "abc", Map.of("entrance", "东门")));
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
}
