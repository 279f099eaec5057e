package org.onedoor.terminal.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outbox's wire format: the JSON object a stored event is published as (docs/mqtt.md), written from its
 * row. A resent event must be byte-identical to its first delivery, so the fields come in a fixed order and
 * the terminal's own fields sorted.
 */
final class PayloadWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An entry's freshness fields are published even when null: "no knowledge" is itself the information. */
    private static final List<String> FRESHNESS_COLUMNS = List.of("status_age_s", "risklist_age_s", "service_age_s");
    /** Published when not null, in this order; {@code alert_type} is published as {@code type}. */
    private static final List<String> OPTIONAL_COLUMNS = List.of("entrance", "lane", "direction", "result", "reason",
            "status", "source", "credential", "subject", "latency_us", "mode", "alert_type", "severity");

    private final Map<String, Object> terminalFields;

    /** @param terminalFields fields every published event carries, e.g. terminal and venue */
    PayloadWriter(Map<String, Object> terminalFields) {
        // Sorted: Map.of's iteration order changes from one JVM start to the next.
        this.terminalFields = Collections.unmodifiableMap(new TreeMap<>(terminalFields));
    }

    /** The published form of the row the result set is on. */
    byte[] payloadOf(ResultSet rs) throws SQLException {
        if (rs.getString("kind").startsWith("cmd/")) {
            return commandAnswerOf(rs);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getString("id"));
        m.put("seq", rs.getLong("seq"));
        m.put("ts", rs.getString("ts"));
        m.put("boot", rs.getLong("boot"));
        m.put("mono_ms", rs.getLong("mono_ms"));
        m.put("clock_synced", rs.getInt("clock_synced") == 1);
        m.putAll(terminalFields);
        for (String column : OPTIONAL_COLUMNS) {
            Object value = rs.getObject(column);
            if (value != null) {
                m.put(column.equals("alert_type") ? "type" : column, value);
            }
        }
        if ("entry".equals(rs.getString("kind"))) {
            for (String column : FRESHNESS_COLUMNS) {
                m.put(column, rs.getObject(column));
            }
            if (rs.getInt("id_expired") == 1) {
                m.put("id_expired", true);
            }
        }
        String detail = rs.getString("detail");
        try {
            if (detail != null && "passage".equals(rs.getString("kind"))) {
                // A passage's only extra, "unchecked", is a field of its own: no column for one flag.
                JSON.readTree(detail).fields().forEachRemaining(f -> m.put(f.getKey(), f.getValue()));
            } else if (detail != null) {
                m.put("detail", JSON.readTree(detail));
            }
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new SQLException("event " + m.get("seq") + " cannot be serialised", e);
        }
    }

    /** A command's result as its schema has it, with the row's id and seq so a replayed one can be recognised. */
    private static byte[] commandAnswerOf(ResultSet rs) throws SQLException {
        try {
            ObjectNode result = (ObjectNode) JSON.readTree(rs.getString("detail"));
            result.put("id", rs.getString("id"));
            result.put("seq", rs.getLong("seq"));
            return JSON.writeValueAsBytes(result);
        } catch (IOException | ClassCastException e) {
            throw new SQLException("command result " + rs.getLong("seq") + " cannot be read", e);
        }
    }

    /** An alert's detail as stored in the {@code detail} column; null for none. */
    static String detailJson(Map<String, Object> detail) throws SQLException {
        if (detail == null || detail.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(detail);
        } catch (IOException e) {
            throw new SQLException("alert detail cannot be serialised", e);
        }
    }
}
