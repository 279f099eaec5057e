package org.onedoor.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Freshness;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.testing.SettableClock;

/**
 * The streaming writer publishes every kind of row byte for byte as the map serialised through
 * {@code ObjectMapper} did before it: a row published by the earlier release and resent after an upgrade
 * must carry the same bytes, and the county recognises a duplicate by its payload.
 */
class PayloadWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PSEUDONYM = "5f1c0b9e6a3d4c2f8e7a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1e09";

    @TempDir
    Path dir;

    @Test
    void everyKindOfRowIsWrittenAsTheMapWasSerialised() throws Exception {
        Map<String, Object> terminal = Map.of("terminal", "t-0001", "venue", "xiangjiang-market", "enrolled", true);
        List<Event> events = List.of(
                new Event.Entry("east", "东门", "entry", "granted", "green", "green", "online", PSEUDONYM, "strict",
                        new Freshness(0L, 1840L, 0L)),
                new Event.Entry("east", "东门", "entry", "refused", "unrecognised", "unknown", "none", null, "lockdown",
                        Freshness.UNKNOWN),
                new Event.Entry("east", "东门", "entry", "granted", "remote_open", "unknown", "remote", null,
                        "strict", Freshness.UNKNOWN, "fire drill \"north\" \\ 北"),
                new Event.Entry("east", "东门", "entry", "granted", "green", "green", "online", PSEUDONYM, "strict",
                        new Freshness(7_200L, null, 3_000_000_000L), null, "id_card", true),
                new Event.Alert(AlertType.STALE_DATA, Severity.WARNING, null, null, Map.of("what", "service",
                        "age_s", 900, "ratio", 0.25, "big", 12_345_678_901L)),
                new Event.Alert(AlertType.SCANNER_DOWN, Severity.HIGH, "east", null, Map.of("detail", "/dev/ttyUSB0")),
                new Event.Alert(AlertType.MODE_CHANGED, Severity.HIGH, null, null, Map.of()),
                new Event.Passage("east", "东门", "entry"),
                new Event.Passage("east", "东门", "entry", true),
                new Event.ClockCorrection(-5_400_000),
                new Event.CommandAnswer("open", "{\"ok\":true,\"command\":\"open\",\"detail\":\"relay 1\"}"));
        Path data = dir.resolve("data");
        try (Ledger ledger = Ledger.open(data, new LedgerSettings(Durability.PROCESS_SAFE, Duration.ofDays(28), 0),
                new SettableClock(Instant.parse("2026-11-21T08:15:02.417Z")), () -> true, terminal)) {
            for (Event e : events) {
                Recorded r = ledger.append(e);
                if (e instanceof Event.Entry) {
                    ledger.seal(r.seq(), r.seq() == 2 ? -1 : 2_140);
                }
            }
        }

        PayloadWriter writer = new PayloadWriter(terminal);
        int rows = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("ledger.db"));
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM events ORDER BY seq")) {
            while (rs.next()) {
                String expected = new String(mapSerialised(rs, terminal), StandardCharsets.UTF_8);
                assertEquals(expected, new String(writer.payloadOf(rs, null), StandardCharsets.UTF_8),
                        "row " + rs.getLong("seq"));
                rows++;
            }
        }
        assertEquals(events.size(), rows);
        System.out.println("PayloadWriterTest " + rows + " rows of every kind written as the map serialised them");
    }

    /** The payload as the release before the streaming writer built it: a map, serialised by ObjectMapper. */
    private static byte[] mapSerialised(ResultSet rs, Map<String, Object> terminal) throws Exception {
        if (rs.getString("kind").startsWith("cmd/")) {
            ObjectNode result = (ObjectNode) JSON.readTree(rs.getString("detail"));
            result.put("id", rs.getString("id"));
            result.put("seq", rs.getLong("seq"));
            return JSON.writeValueAsBytes(result);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getString("id"));
        m.put("seq", rs.getLong("seq"));
        m.put("ts", rs.getString("ts"));
        m.put("boot", rs.getLong("boot"));
        m.put("mono_ms", rs.getLong("mono_ms"));
        m.put("clock_synced", rs.getInt("clock_synced") == 1);
        m.putAll(new TreeMap<>(terminal));
        for (String column : List.of("entrance", "lane", "direction", "result", "reason", "status", "source",
                "credential", "subject", "latency_us", "mode", "alert_type", "severity")) {
            Object value = rs.getObject(column);
            if (value != null) {
                m.put(column.equals("alert_type") ? "type" : column, value);
            }
        }
        if ("entry".equals(rs.getString("kind"))) {
            for (String column : List.of("status_age_s", "risklist_age_s", "service_age_s")) {
                m.put(column, rs.getObject(column));
            }
            if (rs.getInt("id_expired") == 1) {
                m.put("id_expired", true);
            }
        }
        String detail = rs.getString("detail");
        if (detail != null && "passage".equals(rs.getString("kind"))) {
            JSON.readTree(detail).fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue()));
        } else if (detail != null) {
            m.put("detail", JSON.readTree(detail));
        }
        return JSON.writeValueAsBytes(m);
    }
}
