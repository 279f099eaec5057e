package org.onedoor.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.event.Freshness;
import org.onedoor.terminal.testing.PayloadSchemas;
import org.onedoor.terminal.testing.SettableClock;

/** What the real ledger publishes is what docs/schemas says, and the schemas are strict enough to notice otherwise. */
class PublishedPayloadSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PSEUDONYM = "5f1c0b9e6a3d4c2f8e7a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1e09";

    @TempDir
    Path dir;

    @Test
    void everyKindOfEventTheLedgerPublishesIsValid() {
        List<OutboxMessage> published = publish(List.of(
                new Event.Entry("east", "东门", "entry", "granted", "green", "green", "online", PSEUDONYM, "strict",
                        new Freshness(0L, 1840L, 0L)),
                new Event.Entry("east", "东门", "entry", "refused", "unrecognised", "unknown", "none", null, "lockdown",
                        Freshness.UNKNOWN),
                new Event.Entry("east-exit", "东门", "exit", "granted", "exit", "red", "risklist", PSEUDONYM,
                        "record-only", new Freshness(7200L, 7200L, null)),
                new Event.Entry("east", "东门", "entry", "granted", "remote_open", "unknown", "remote", null,
                        "strict", Freshness.UNKNOWN),
                new Event.Alert(AlertType.RED_CODE, Severity.HIGH, "east", PSEUDONYM,
                        Map.of("entrance", "东门", "result", "refused", "reason", "red")),
                new Event.Alert(AlertType.MODE_CHANGED, Severity.HIGH, null, null, Map.of("mode", "lockdown", "previous", "strict")),
                new Event.Alert(AlertType.STALE_DATA, Severity.WARNING, null, null, Map.of("what", "service", "age_s", 900)),
                new Event.Alert(AlertType.STALE_DATA, Severity.WARNING, null, null, Map.of("what", "risklist")),
                new Event.Alert(AlertType.SCANNER_DOWN, Severity.HIGH, "east", null, Map.of("detail", "/dev/ttyUSB0")),
                new Event.Alert(AlertType.NOISE_FLOOD, Severity.WARNING, "east", null, Map.of("frames", 512)),
                new Event.Entry("east", "东门", "entry", "granted", "manual_open", "unknown", "manual", null,
                        "strict", Freshness.UNKNOWN),
                new Event.Passage("east", "东门", "entry"),
                new Event.Entry("east", "东门", "entry", "granted", "green", "green", "signed", PSEUDONYM, "strict",
                        Freshness.UNKNOWN),
                new Event.Alert(AlertType.FIRE_ALARM, Severity.HIGH, null, null, Map.of("input", "fire alarm", "relays_held", 2)),
                new Event.ClockCorrection(-5_400_000)));
        assertEquals(15, published.size());
        for (OutboxMessage m : published) {
            PayloadSchemas.assertValid(m.topicSuffix(), m.payload());
            PayloadSchemas.assertValid("replay", m.payload());
        }
    }

    /** Every entry names its credential; an ID card's may say it has expired, and nothing else about the card. */
    @Test
    void idCardEntriesAreValidAndTheCredentialIsRequired() throws Exception {
        List<OutboxMessage> published = publish(List.of(
                new Event.Entry("east", "东门", "entry", "granted", "green", "green", "online", PSEUDONYM, "strict",
                        Freshness.UNKNOWN, null, "id_card", true),
                new Event.Entry("east", "东门", "entry", "refused", "invalid_id", "unknown", "none", null, "strict",
                        Freshness.UNKNOWN, null, "id_card", false),
                new Event.Entry("east", "东门", "entry", "granted", "manual_open", "unknown", "manual", null,
                        "strict", Freshness.UNKNOWN)));
        List<String> credentials = new java.util.ArrayList<>();
        for (OutboxMessage m : published) {
            PayloadSchemas.assertValid("entry", m.payload());
            credentials.add(JSON.readTree(m.payload()).get("credential").asText());
        }
        assertEquals(List.of("id_card", "id_card", "button"), credentials);
        assertEquals(true, JSON.readTree(published.get(0).payload()).get("id_expired").asBoolean());
        assertFalse(JSON.readTree(published.get(1).payload()).has("id_expired"));
        byte[] entry = published.get(0).payload();
        assertRejected("entry", entry, e -> e.remove("credential"));
        assertRejected("entry", entry, e -> e.put("credential", "passport"));
        assertRejected("entry", entry, e -> e.put("id_expired", false));
        assertRejected("entry", entry, e -> e.put("id_number", "11010519491231002X"));
        assertRejected("entry", entry, e -> e.put("valid_to", "20360307"));
    }

    @Test
    void anEntryWhoseActuationFailedHasNoLatencyAndIsStillValid() {
        try (Ledger ledger = open()) {
            Recorded r = ledger.append(new Event.Entry("east", "东门", "entry", "granted", "green", "green", "cache",
                    PSEUDONYM, "lenient", Freshness.UNKNOWN));
            ledger.seal(r.seq(), -1);
            OutboxMessage m = ledger.pending(0, 10).get(0);
            assertFalse(new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8).contains("latency_us"));
            PayloadSchemas.assertValid("entry", m.payload());
        }
    }

    @Test
    void brokenPayloadsAreRejected() throws Exception {
        byte[] entry = publish(List.of(new Event.Entry("east", "东门", "entry", "granted", "green", "green", "online",
                PSEUDONYM, "strict", Freshness.UNKNOWN))).get(0).payload();
        assertRejected("entry", entry, e -> e.put("scanned_text", "110105199001011234"));
        assertRejected("entry", entry, e -> e.put("result", "maybe"));
        assertRejected("entry", entry, e -> e.put("reason", "because"));
        assertRejected("entry", entry, e -> e.put("source", "guess"));
        assertRejected("entry", entry, e -> e.put("mode", "relaxed"));
        assertRejected("entry", entry, e -> e.put("subject", "110105199001011234"));
        assertRejected("entry", entry, e -> e.put("ts", "2026-11-21T08:15:02+08:00"));
        assertRejected("entry", entry, e -> e.remove("service_age_s"));
        assertRejected("entry", entry, e -> e.put("seq", 0));
        assertRejected("entry", entry, e -> e.put("latency_us", -1));

        byte[] alert = publish(List.of(new Event.Alert(AlertType.RED_CODE, Severity.HIGH, "east", PSEUDONYM,
                Map.of("entrance", "东门", "result", "refused", "reason", "red")))).get(0).payload();
        assertRejected("alert", alert, a -> a.put("severity", "critical"));
        assertRejected("alert", alert, a -> a.put("type", "Red Code"));
        assertRejected("alert", alert, a -> a.remove("lane"));
        assertRejected("alert", alert, a -> a.withObject("detail").put("id_number", "110105199001011234"));
        assertRejected("alert", alert, a -> a.withObject("detail").putObject("nested"));

        byte[] passage = publish(List.of(new Event.Passage("east", "东门", "entry"))).get(0).payload();
        assertRejected("passage", passage, p -> p.put("subject", PSEUDONYM));
        assertRejected("passage", passage, p -> p.remove("lane"));
        byte[] fire = publish(List.of(new Event.Alert(AlertType.FIRE_ALARM, Severity.HIGH, null, null,
                Map.of("input", "fire alarm", "relays_held", 2)))).get(0).payload();
        assertRejected("alert", fire, a -> a.withObject("detail").put("relays_held", -1));
        byte[] clock = publish(List.of(new Event.ClockCorrection(1200))).get(0).payload();
        assertRejected("clock", clock, c -> c.withObject("detail").put("correction_ms", "1200"));
        assertRejected("clock", clock, c -> c.put("lane", "east"));
        assertRejected("replay", clock, c -> c.put("lane", "east"));
    }

    private void assertRejected(String schema, byte[] valid, Consumer<ObjectNode> breakIt) throws Exception {
        PayloadSchemas.assertValid(schema, valid);
        ObjectNode broken = (ObjectNode) JSON.readTree(valid);
        breakIt.accept(broken);
        assertFalse(PayloadSchemas.problems(schema, JSON.writeValueAsBytes(broken)).isEmpty(),
                () -> schema + ".json accepts " + broken);
    }

    private List<OutboxMessage> publish(List<Event> events) {
        try (Ledger ledger = open()) {
            for (Event e : events) {
                Recorded r = ledger.append(e);
                if (e instanceof Event.Entry) {
                    ledger.seal(r.seq(), 2140);
                }
            }
            return ledger.pending(0, 100);
        }
    }

    private Ledger open() {
        Map<String, Object> terminal = new LinkedHashMap<>();
        terminal.put("terminal", "t-0001");
        terminal.put("venue", "xiangjiang-market");
        return Ledger.open(dir.resolve("data-" + System.nanoTime()), new LedgerSettings(Durability.PROCESS_SAFE,
                Duration.ofDays(28), 0), new SettableClock(Instant.parse("2026-11-21T08:15:02.417Z")), () -> true,
                terminal);
    }
}
