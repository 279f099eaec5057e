package org.onedoor.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.DriverManager;
import java.time.Instant;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.event.Freshness;
import org.onedoor.terminal.testing.SettableClock;

/**
 * Alerts anyone can cause never hold more than their share of a capped ledger, and never the room of an entry;
 * other alerts and entries are not affected.
 */
class LedgerAlertShareTest {
    private static final int MAX_SIZE_MB = 2;

    @TempDir
    Path dir;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-21T08:00:00Z"));

    private Ledger open(Clock clock) {
        return Ledger.open(dir, new LedgerSettings(Durability.PROCESS_SAFE, Duration.ofDays(28), MAX_SIZE_MB),
                clock, () -> true, Map.of("terminal", "t1", "venue", "v1"));
    }

    private static Event.Alert junk() {
        return new Event.Alert(AlertType.RISKLIST_REFUSED, Severity.HIGH, null, null, Map.of("kind", "snapshot", "result", "malformed",
                "count", 1L));
    }

    private static Event.Entry entry() {
        return new Event.Entry("east", "东门", "entry", "granted", "green", "green", "online",
                "4f1c9e0a7d3b2c1e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e", "strict", Freshness.UNKNOWN);
    }

    @Test
    void strangerAlertsStopAtTheirShareAndEntriesGoOn() throws Exception {
        long recorded = 0;
        try (Ledger l = open(Clock.systemUTC())) {
            long sizeBefore = usedBytes();
            for (int i = 0; i < 20_000; i++) {
                try {
                    l.append(junk());
                    recorded++;
                } catch (LedgerException dropped) {
                    // counted by the ledger
                }
            }
            l.flush();
            long bytes = usedBytes() - sizeBefore;
            System.out.printf("LedgerAlertShareTest: 20,000 stranger alerts offered to a %d MB ledger: %d recorded"
                    + " (about %d bytes each on disk, counted as %d)%n", MAX_SIZE_MB, recorded,
                    recorded == 0 ? 0 : bytes / recorded, Ledger.STRANGER_ALERT_BYTES);
            long cap = MAX_SIZE_MB * 1024L * 1024L * Ledger.STRANGER_SHARE_PERCENT / 100 / Ledger.STRANGER_ALERT_BYTES;
            assertEquals(cap, recorded, "exactly their share");
            List<String> types = alertTypes(l);
            assertEquals(1, types.stream().filter("alert_share_full"::equals).count(), "the flood is told once");

            l.append(new Event.Alert(AlertType.DOOR_FORCED, Severity.HIGH, null, null, Map.of("input", "door")));
            long entries = 0;
            while (true) {
                try {
                    l.seal(l.append(entry()).seq(), 100);
                    entries++;
                } catch (LedgerException full) {
                    break;
                }
            }
            System.out.printf("LedgerAlertShareTest: then %d entries fitted%n", entries);
            assertTrue(entries > 1_000, "entries have the rest of the ledger: " + entries);
        }
    }

    @Test
    void aNearlyFullLedgerKeepsItsLastRoomForEntries() {
        try (Ledger l = open(clock)) {
            boolean junkRefused = false;
            while (!junkRefused) {
                for (int i = 0; i < 100; i++) {
                    l.seal(l.append(entry()).seq(), 100); // an entry is never refused before the junk is
                }
                try {
                    l.append(junk());
                } catch (LedgerException refused) {
                    junkRefused = true;
                }
            }
            l.seal(l.append(entry()).seq(), 100);
            assertEquals(1, alertTypes(l).stream().filter("alert_share_full"::equals).count());
        }
    }

    @Test
    void droppedAlertsAreCountedWhenRetentionMakesRoom() {
        try (Ledger l = open(clock)) {
            long dropped = 0;
            for (int i = 0; i < 1_000; i++) {
                try {
                    l.append(junk());
                } catch (LedgerException refused) {
                    dropped++;
                }
            }
            l.markPublished(l.pending(0, 10_000).stream().map(OutboxMessage::seq).toList());
            clock.advance(Duration.ofDays(29));
            assertTrue(l.purgeExpired().deleted() > 0);
            l.append(junk());
            List<String> types = alertTypes(l);
            assertEquals(List.of("alerts_dropped", "risklist_refused"), types, "the rest went with retention");
            String notice = new String(l.range(1, Long.MAX_VALUE).get(0).payload(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(notice.contains("\"count\":" + dropped), notice);
        }
    }

    private List<String> alertTypes(Ledger l) {
        return l.range(1, Long.MAX_VALUE).stream().filter(m -> m.topicSuffix().equals("alert"))
                .map(m -> new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8))
                .map(p -> p.replaceAll(".*\"type\":\"([a-z_]+)\".*", "$1")).toList();
    }

    /** The pages the ledger's committed state uses, as a second connection sees it. */
    private long usedBytes() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Ledger.FILE_NAME));
             var st = c.createStatement();
             var rs = st.executeQuery("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
