package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onedoor.terminal.e2e.GateRig.scan;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.GpioTrace;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.status.HealthStatus;

/** The real daemon process, end to end: scanner bytes in, relay, lamps, ledger and MQTT out. */
class GateEndToEndTest {
    private static final String GREEN_URL = "https://hc.example.gov.cn/c/GreenGreenGreen0001";
    private static final String YELLOW_URL = "https://hc.example.gov.cn/c/YellowYellow00002";
    private static final String RED_URL = "https://hc.example.gov.cn/c/RedRedRedRed00003";
    private static final String UNKNOWN_URL = "https://hc.example.gov.cn/c/NobodyKnowsMe0004";
    private static final String BADGE = "CB:STAFF00000001";

    @TempDir
    Path dir;
    private GateRig rig;

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private enum Lamps { GRANTED, REFUSED_ALERT, REFUSED_OTHER, UNAVAILABLE }

    @Test
    void everyOutcomeOnAnEntryLane() throws Exception {
        rig = new GateRig(dir, 3000);
        rig.register(GREEN_URL, HealthStatus.GREEN, "person-green");
        rig.register(YELLOW_URL, HealthStatus.YELLOW, "person-yellow");
        rig.register(RED_URL, HealthStatus.RED, "person-red");
        rig.register(BADGE, HealthStatus.GREEN, "ignored-the-code-has-its-subject");
        rig.startDaemon();

        scanAndCheck(GREEN_URL, 1, Lamps.GRANTED);
        scan(rig.east, GREEN_URL); // the same person again at once: a duplicate
        scanAndCheck(YELLOW_URL, 2, Lamps.REFUSED_ALERT);
        scanAndCheck(RED_URL, 3, Lamps.REFUSED_ALERT);
        scan(rig.east, new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00, 0x41}); // noise: not text
        scanAndCheck(UNKNOWN_URL, 4, Lamps.REFUSED_OTHER);
        scanAndCheck("Receipt 0001 total 45.00", 5, Lamps.REFUSED_OTHER);
        scanAndCheck(BADGE, 6, Lamps.GRANTED);

        List<Map<String, Object>> entries = rig.rows("entry");
        assertEquals(6, entries.size(), "noise and the duplicate make no entry");
        assertEquals(List.of("green", "yellow", "red", "unknown_code", "unrecognised", "green"), column(entries, "reason"));
        assertEquals(List.of("granted", "refused", "refused", "refused", "refused", "granted"), column(entries, "result"));
        assertEquals(List.of("green", "yellow", "red", "unknown", "unknown", "green"), column(entries, "status"));
        assertEquals(List.of("online", "online", "online", "none", "none", "online"), column(entries, "source"));
        assertEquals(List.of("yellow_code", "red_code"), column(rig.rows("alert"), "alert_type"));

        assertRelayPulsesMatchGrants(GateRig.EAST_RELAY, 2);
        assertTrue(relayEdges(GateRig.EXIT_RELAY).isEmpty(), "the exit lane's relay never moved");

        Pseudonymizer p = Pseudonymizer.fromKeyFile(rig.keyFile);
        assertEquals(p.pseudonym("person-green"), entries.get(0).get("subject"), "subject from the service");
        assertEquals(p.pseudonym("STAFF00000001"), entries.get(5).get("subject"), "subject from the code");
        assertNull(entries.get(4).get("subject"), "an unrecognised text has no person");

        assertMqttEqualsLedger();
        List<JsonNode> published = rig.messages("entry");
        assertTrue(published.stream().anyMatch(m -> p.pseudonym("STAFF00000001").equals(text(m, "subject"))),
                "the recomputed pseudonym is in the message");
        try (var late = org.onedoor.terminal.testing.MqttTestSubscriber.subscribe(rig.broker.url(),
                GateRig.TOPIC + "/availability")) {
            Await.until("retained availability for a late subscriber", Duration.ofSeconds(10),
                    () -> late.received().stream().anyMatch(m -> m.retained() && m.text().equals("online")));
        }
        printLatencies("online path", entries);
    }

    @Test
    void serviceDownUsesTheCacheOrRefusesAndTheExitLaneOpensForEveryone() throws Exception {
        int people = 25;
        rig = new GateRig(dir, 300);
        for (int i = 0; i < people; i++) {
            rig.register(badge(i), HealthStatus.GREEN, "unused");
        }
        rig.register(GREEN_URL, HealthStatus.GREEN, "person-green");
        rig.register(RED_URL, HealthStatus.RED, "person-red");
        rig.startDaemon();

        for (int i = 0; i < people; i++) {
            scan(rig.east, badge(i));
        }
        rig.awaitEntries(people);
        assertTrue(rig.rows("entry").stream().allMatch(r -> "online".equals(r.get("source"))
                && "granted".equals(r.get("result"))), "precondition: everyone was verified online and cached");
        rig.service.setFailure(503);
        Thread.sleep(400); // let the 300 ms duplicate window pass: the same people come back
        for (int i = 0; i < people; i++) {
            scan(rig.east, badge(i));
            rig.awaitEntries(people + i + 1); // one at a time: latency_us measures the path, not a queue
        }
        List<Map<String, Object>> cached = rig.rows("entry").subList(people, 2 * people);
        assertTrue(cached.stream().allMatch(r -> "granted".equals(r.get("result")) && "cache".equals(r.get("source"))
                && "green".equals(r.get("status"))), "a fresh cached green decides while the service is down");

        int before = rig.trace().size();
        scan(rig.east, GREEN_URL); // never seen, service down
        rig.awaitEntries(2 * people + 1);
        Map<String, Object> unseen = last(rig.rows("entry"));
        assertEquals(List.of("refused", "status_unavailable", "unknown", "none"),
                List.of(unseen.get("result"), unseen.get("reason"), unseen.get("status"), unseen.get("source")));
        Await.until("amber lit for an unavailable status", Duration.ofSeconds(5),
                () -> litSince(GateRig.EAST_AMBER, before));

        rig.service.setFailure(0);
        scan(rig.exit, RED_URL);
        rig.awaitEntries(2 * people + 2);
        Map<String, Object> leaving = last(rig.rows("entry"));
        assertEquals(List.of("east-exit", "exit", "granted", "exit", "red", "online"), List.of(leaving.get("lane"),
                leaving.get("direction"), leaving.get("result"), leaving.get("reason"), leaving.get("status"),
                leaving.get("source")));
        Await.until("a red_code alert from the exit lane", Duration.ofSeconds(5), () -> rig.rows("alert").stream()
                .anyMatch(a -> "red_code".equals(a.get("alert_type")) && "east-exit".equals(a.get("lane"))));
        Await.until("the exit relay pulsed", Duration.ofSeconds(5), () -> relayEdges(GateRig.EXIT_RELAY).size() == 1);
        assertRelayPulsesMatchGrants(GateRig.EXIT_RELAY, 1);
        assertMqttEqualsLedger();
        printLatencies("cached path (service down)", cached);
    }

    @Test
    void aBrokenConfigExitsWith78BeforeTouchingHardware() throws Exception {
        rig = new GateRig(dir, 3000);
        Path config = rig.writeConfig();
        List<String> lines = new ArrayList<>(Files.readAllLines(config));
        int line = lines.indexOf("budget_ms = 1500") + 1;
        lines.set(line - 1, "budget_ms = \"fast\"");
        Files.write(config, lines);
        Process p = rig.launch(config);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(78, p.exitValue());
        String out = rig.logText();
        assertTrue(out.contains("health.budget_ms") && out.contains(":" + line + ":"), out);
        assertFalse(Files.exists(rig.trace), "no GPIO line was touched");
        assertFalse(Files.exists(rig.dataDir.resolve("ledger.db")), "no database was created");
    }

    private static String badge(int i) {
        return "CB:CACHED%08d".formatted(i);
    }

    private void scanAndCheck(String text, int entries, Lamps lamps) throws Exception {
        int before = rig.trace().size();
        scan(rig.east, text);
        rig.awaitEntries(entries);
        switch (lamps) {
            case GRANTED -> {
                Await.until("relay pulse for entry " + entries, Duration.ofSeconds(5), () -> risesSince(GateRig.EAST_RELAY, before));
                Await.until("green lit for entry " + entries, Duration.ofSeconds(5), () -> litSince(GateRig.EAST_GREEN, before));
                Await.until("red off for entry " + entries, Duration.ofSeconds(5), () -> !litNow(GateRig.EAST_RED));
            }
            case REFUSED_ALERT, REFUSED_OTHER -> {
                Await.until("red lit for entry " + entries, Duration.ofSeconds(5), () -> litSince(GateRig.EAST_RED, before));
                Await.until("green off for entry " + entries, Duration.ofSeconds(5), () -> !litNow(GateRig.EAST_GREEN));
                assertFalse(risesSince(GateRig.EAST_RELAY, before), "a refusal never pulses");
            }
            case UNAVAILABLE -> Await.until("amber lit", Duration.ofSeconds(5), () -> litSince(GateRig.EAST_AMBER, before));
        }
    }

    private boolean risesSince(int pin, int index) {
        return events(index).stream().anyMatch(e -> e.pin() == pin && e.state() == 1);
    }

    /** Lit at {@code index} already, or lit at some moment after it (a blinking lamp may be dark now). */
    private boolean litSince(int pin, int index) {
        List<GpioTrace.Event> all = allEvents();
        boolean lit = false;
        for (int i = 0; i < all.size(); i++) {
            GpioTrace.Event e = all.get(i);
            if (e.pin() == pin) {
                lit = e.state() == 1;
                if (i >= index && lit) {
                    return true;
                }
            }
            if (i == index - 1 && lit) {
                return true;
            }
        }
        return false;
    }

    private boolean litNow(int pin) {
        List<GpioTrace.Event> pinEvents = allEvents().stream().filter(e -> e.pin() == pin).toList();
        return !pinEvents.isEmpty() && last(pinEvents).state() == 1;
    }

    private List<GpioTrace.Event> events(int fromIndex) {
        List<GpioTrace.Event> all = allEvents();
        return all.subList(Math.min(fromIndex, all.size()), all.size());
    }

    private List<GpioTrace.Event> allEvents() {
        try {
            return rig.trace();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<long[]> relayEdges(int pin) {
        List<long[]> pulses = new ArrayList<>();
        long risingAt = -1;
        for (GpioTrace.Event e : allEvents()) {
            if (e.pin() != pin) {
                continue;
            }
            if (e.state() == 1) {
                risingAt = e.tNanos();
            } else if (risingAt >= 0) {
                pulses.add(new long[] {risingAt, e.tNanos()});
                risingAt = -1;
            }
        }
        if (risingAt >= 0) {
            pulses.add(new long[] {risingAt, -1});
        }
        return pulses;
    }

    private void assertRelayPulsesMatchGrants(int pin, int grants) {
        Await.until("every pulse on pin " + pin + " ended", Duration.ofSeconds(5),
                () -> relayEdges(pin).stream().allMatch(p -> p[1] >= 0));
        List<long[]> pulses = relayEdges(pin);
        assertEquals(grants, pulses.size(), "relay rising edges equal the grants");
        for (long[] p : pulses) {
            double ms = (p[1] - p[0]) / 1e6;
            assertTrue(ms >= GateRig.PULSE_MS && ms <= GateRig.PULSE_MS + 50, "pulse lasted " + ms + " ms");
        }
    }

    /**
     * Every ledger event reached the broker once at least, and its fields equal the row's. An entry is published with
     * its latency before its row has it: the row gets it with the next commit or the flush every 2 s.
     */
    private void assertMqttEqualsLedger() {
        int entryCount = rig.rows("entry").size();
        int alertCount = rig.rows("alert").size();
        Await.until("all entries and alerts published", Duration.ofSeconds(20),
                () -> distinctSeqs(rig.messages("entry")) == entryCount
                        && distinctSeqs(rig.messages("alert")) == alertCount);
        Await.until("every published latency in its row", Duration.ofSeconds(10),
                () -> latenciesWritten(rig.rows("entry"), rig.messages("entry")));
        List<Map<String, Object>> entries = rig.rows("entry");
        List<Map<String, Object>> alerts = rig.rows("alert");
        compare(entries, rig.messages("entry"), List.of("lane", "entrance", "direction", "result", "reason", "status",
                "source", "subject", "latency_us"));
        compare(alerts, rig.messages("alert"), List.of("lane", "subject", "severity"));
        for (JsonNode m : rig.messages("alert")) {
            assertEquals(rows(alerts, m).get("alert_type"), text(m, "type"));
        }
    }

    private static boolean latenciesWritten(List<Map<String, Object>> rows, List<JsonNode> messages) {
        return messages.stream().filter(m -> m.has("latency_us")).allMatch(m -> rows(rows, m).get("latency_us") != null);
    }

    private static long distinctSeqs(List<JsonNode> messages) {
        return messages.stream().map(m -> m.get("seq").asLong()).distinct().count();
    }

    private static void compare(List<Map<String, Object>> rows, List<JsonNode> messages, List<String> fields) {
        for (JsonNode m : messages) {
            Map<String, Object> row = rows(rows, m);
            assertEquals(row.get("id"), text(m, "id"));
            assertEquals(row.get("ts"), text(m, "ts"));
            assertEquals(((Number) row.get("boot")).longValue(), m.get("boot").asLong());
            assertEquals(((Number) row.get("mono_ms")).longValue(), m.get("mono_ms").asLong());
            assertEquals(((Number) row.get("clock_synced")).intValue() == 1, m.get("clock_synced").asBoolean());
            assertEquals("t-e2e", text(m, "terminal"));
            assertEquals("e2e-venue", text(m, "venue"));
            for (String f : fields) {
                Object expected = row.get(f);
                Object actual = m.has(f) ? (m.get(f).isNumber() ? (Object) m.get(f).asLong() : m.get(f).asText()) : null;
                if (expected instanceof Number n) {
                    expected = n.longValue();
                }
                assertEquals(expected, actual, "field " + f + " of seq " + row.get("seq"));
            }
        }
    }

    private static Map<String, Object> rows(List<Map<String, Object>> rows, JsonNode m) {
        long seq = m.get("seq").asLong();
        return rows.stream().filter(r -> ((Number) r.get("seq")).longValue() == seq).findFirst()
                .orElseThrow(() -> new AssertionError("no ledger row for seq " + seq));
    }

    private static String text(JsonNode m, String field) {
        return m.has(field) ? m.get(field).asText() : null;
    }

    private static List<Object> column(List<Map<String, Object>> rows, String column) {
        return rows.stream().map(r -> r.get(column)).toList();
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    private static void printLatencies(String what, List<Map<String, Object>> rows) {
        List<Long> us = new ArrayList<>(rows.stream().map(r -> r.get("latency_us")).filter(java.util.Objects::nonNull)
                .map(v -> ((Number) v).longValue()).toList());
        assertFalse(us.isEmpty(), "latencies were recorded");
        Collections.sort(us);
        System.out.printf("latency_us, %s: n=%d median=%d max=%d%n", what, us.size(), us.get(us.size() / 2), last(us));
    }

}
