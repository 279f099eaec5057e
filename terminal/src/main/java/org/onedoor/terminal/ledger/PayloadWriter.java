package org.onedoor.terminal.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
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
    /** An entry's payload is about 400 bytes. */
    private static final int TYPICAL_BYTES = 512;
    /** An entry's freshness fields are published even when null: "no knowledge" is itself the information. */
    private static final List<String> FRESHNESS_COLUMNS = List.of("status_age_s", "risklist_age_s", "service_age_s");
    /**
     * Published when not null, in this order; {@code alert_type} is published as {@code type}. All are text columns
     * (text affinity: SQLite stores any value written to them as text) but {@code latency_us}: each is read with one
     * call into SQLite rather than the two a value of unknown type takes: 3.1 instead of 3.8 µs for the twelve, of about
     * 7 µs a row.
     */
    private static final List<String> OPTIONAL_COLUMNS = List.of("entrance", "lane", "direction", "result", "reason",
            "status", "source", "credential", "subject", "latency_us", "mode", "alert_type", "severity");

    /** Each terminal field's name and its value already written as JSON: the same for every event. */
    private final Map<String, String> terminalFields;
    /**
     * Reused from one payload to the next: a new buffer per row was a tenth of the writer's time. Only the
     * ledger's store calls this writer, under the ledger's lock, so one thread at a time.
     */
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(TYPICAL_BYTES);

    /** @param terminalFields fields every published event carries, e.g. terminal and venue */
    PayloadWriter(Map<String, Object> terminalFields) {
        // Sorted: Map.of's iteration order changes from one JVM start to the next.
        Map<String, String> rendered = new TreeMap<>();
        terminalFields.forEach((name, value) -> rendered.put(name, render(value)));
        this.terminalFields = Collections.unmodifiableMap(rendered);
    }

    /**
     * The published form of the row the result set is on. Written field by field with Jackson's streaming
     * generator: a drain after an outage builds thousands of these on the publisher's thread, and a map
     * serialised through {@code ObjectMapper} cost several times as much. The bytes are those the map gave
     * (same fields, same order, same number forms), so a row published before an upgrade is resent unchanged.
     * {@code latencyUs}, when not null, stands for a {@code latency_us} not yet written: the bytes are those the
     * row gives once it is.
     */
    byte[] payloadOf(ResultSet rs, Long latencyUs) throws SQLException {
        String kind = rs.getString("kind");
        if (kind.startsWith("cmd/")) {
            return commandAnswerOf(rs);
        }
        long seq = rs.getLong("seq");
        out.reset();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", rs.getString("id"));
            g.writeNumberField("seq", seq);
            g.writeStringField("ts", rs.getString("ts"));
            g.writeNumberField("boot", rs.getLong("boot"));
            g.writeNumberField("mono_ms", rs.getLong("mono_ms"));
            g.writeBooleanField("clock_synced", rs.getInt("clock_synced") == 1);
            for (Map.Entry<String, String> field : terminalFields.entrySet()) {
                g.writeFieldName(field.getKey());
                g.writeRawValue(field.getValue());
            }
            for (String column : OPTIONAL_COLUMNS) {
                Object value = column.equals("latency_us") ? latencyOf(rs, latencyUs) : rs.getString(column);
                if (value != null) {
                    writeField(g, column.equals("alert_type") ? "type" : column, value);
                }
            }
            if ("entry".equals(kind)) {
                for (String column : FRESHNESS_COLUMNS) {
                    writeField(g, column, rs.getObject(column));
                }
                if (rs.getInt("id_expired") == 1) {
                    g.writeBooleanField("id_expired", true);
                }
            }
            writeDetail(g, kind, rs.getString("detail"));
            g.writeEndObject();
        } catch (IOException e) {
            throw new SQLException("event " + seq + " cannot be serialised", e);
        }
        return out.toByteArray();
    }

    /** The row's latency, or the one not yet written for it. */
    private static Object latencyOf(ResultSet rs, Long latencyUs) throws SQLException {
        Object value = rs.getObject("latency_us");
        return value == null ? latencyUs : value;
    }

    /** A passage's only extra, "unchecked", is a field of its own: no column for one flag. */
    private static void writeDetail(JsonGenerator g, String kind, String detail) throws IOException {
        if (detail == null) {
            return;
        }
        JsonNode tree = JSON.readTree(detail);
        if ("passage".equals(kind)) {
            for (Map.Entry<String, JsonNode> field : tree.properties()) {
                g.writeFieldName(field.getKey());
                g.writeTree(field.getValue());
            }
        } else {
            g.writeFieldName("detail");
            g.writeTree(tree);
        }
    }

    /** A column's value as SQLite returns it: text, an integer (int or long by size), a real, or null. */
    private static void writeField(JsonGenerator g, String name, Object value) throws IOException {
        g.writeFieldName(name);
        if (value instanceof String text) {
            g.writeString(text);
        } else if (value instanceof Integer number) {
            g.writeNumber(number);
        } else if (value instanceof Long number) {
            g.writeNumber(number);
        } else if (value == null) {
            g.writeNull();
        } else {
            g.writeObject(value);
        }
    }

    private static String render(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("a terminal field cannot be written as JSON: " + value, e);
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
