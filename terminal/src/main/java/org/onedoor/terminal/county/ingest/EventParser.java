package org.onedoor.terminal.county.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.onedoor.terminal.county.CountyEvent;
import org.onedoor.terminal.county.TerminalIdentity;

/**
 * Reads one message from a terminal's topic into a {@link CountyEvent}, or a {@link TerminalIdentity} from its
 * {@code identity} topic. Every byte from the broker is hostile: a message that is not one of the documented payloads
 * (docs/mqtt.md), or whose terminal and venue are not the ones its topic names, is refused with a reason that never
 * quotes the payload; nothing in a payload makes this throw.
 */
public final class EventParser {
    /** The largest event payload read; events are a few hundred bytes. */
    public static final int MAX_PAYLOAD = 16 * 1024;
    /** The largest identity read: a venue record with its entrances and lanes, a few KB even for a large venue. */
    public static final int MAX_IDENTITY = 64 * 1024;
    /** JSON's exact integers (2^53 − 1): a seq, boot or mono_ms beyond is not a terminal's. */
    static final long MAX_NUMBER = (1L << 53) - 1;
    private static final String IDENTITY = "/" + CountyEvent.IDENTITY;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topicRoot;

    public EventParser(String topicRoot) {
        this.topicRoot = topicRoot;
    }

    /** What a message was: an event, a terminal's identity, or the reason it was refused. */
    public record Parsed(Optional<CountyEvent> event, Optional<TerminalIdentity> identity, String refusal) {
        static Parsed refused(String why) {
            return new Parsed(Optional.empty(), Optional.empty(), why);
        }
    }

    /** The largest payload a message on this topic may carry; larger ones are discarded as they are read. */
    public static int payloadLimit(String topic) {
        return topic.endsWith(IDENTITY) ? MAX_IDENTITY : MAX_PAYLOAD;
    }

    public Parsed parse(String topic, byte[] payload) {
        try {
            return read(topic, payload);
        } catch (RuntimeException e) {
            // A parser fault on hostile input must not stop ingestion; its message may quote the payload, so it is not kept.
            return Parsed.refused("unreadable (" + e.getClass().getSimpleName() + ")");
        }
    }

    private Parsed read(String topic, byte[] payload) {
        if (payload.length > payloadLimit(topic)) {
            return Parsed.refused("payload of " + payload.length + " bytes");
        }
        if (!topic.startsWith(topicRoot + "/")) {
            return Parsed.refused("topic outside " + topicRoot);
        }
        String[] levels = topic.substring(topicRoot.length() + 1).split("/", -1);
        boolean result = levels.length == 6 && levels[3].equals("cmd") && levels[5].equals("result");
        if (!(levels.length == 4 || result) || !isCounty(levels[0]) || !isId(levels[1]) || !isId(levels[2])) {
            return Parsed.refused("not a terminal's event topic");
        }
        boolean identity = !result && levels[3].equals(CountyEvent.IDENTITY);
        JsonNode tree = null;
        Fields fields = null;
        try {
            if (identity) {
                tree = JSON.readTree(payload);
            } else {
                fields = Fields.read(payload);
            }
        } catch (IOException e) {
            return Parsed.refused("not JSON");
        }
        if (identity ? tree == null || !tree.isObject() : fields == null) {
            return Parsed.refused("not a JSON object");
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        try {
            if (identity) {
                return new Parsed(Optional.empty(), Optional.of(identity(levels, tree, text)), null);
            }
            String kind = result ? CountyEvent.RESULT : levels[3].equals("replay") ? kindOf(fields) : levels[3];
            return new Parsed(Optional.of(event(kind, levels, fields, text)), Optional.empty(), null);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Parsed.refused(e.getMessage());
        }
    }

    /**
     * Its schema is the enrolment's (docs/mqtt.md), and may grow: unknown fields are kept in the stored payload, and
     * only a terminal or venue that names another than the topic does is refused.
     */
    private static TerminalIdentity identity(String[] levels, JsonNode n, String text) {
        JsonNode venue = n.get("venue");
        String venueId = venue != null && venue.isObject() ? textOrNull(venue.get("id")) : textOrNull(venue);
        String terminal = textOrNull(n.get("terminal"));
        if ((venueId != null && !venueId.equals(levels[1])) || (terminal != null && !terminal.equals(levels[2]))) {
            throw new IllegalArgumentException("venue or terminal differ from the topic's");
        }
        Long ts = null;
        String when = textOrNull(n.get("ts"));
        if (when != null) {
            try {
                ts = Instant.parse(when).toEpochMilli();
            } catch (DateTimeParseException e) {
                // An identity without a readable time is still the latest one received.
            }
        }
        return new TerminalIdentity(levels[0], levels[1], levels[2], ts, text);
    }

    private static String textOrNull(JsonNode v) {
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    /** A replayed payload is unchanged, so its kind is read from its fields (docs/schemas/replay.json). */
    private static String kindOf(Fields n) {
        if (n.has(Field.REQUEST_ID)) {
            return CountyEvent.RESULT;
        }
        if (n.has(Field.SEVERITY)) {
            return CountyEvent.ALERT;
        }
        if (n.has(Field.RESULT)) {
            return CountyEvent.ENTRY;
        }
        if (n.has(Field.DIRECTION)) {
            return CountyEvent.PASSAGE;
        }
        return CountyEvent.CLOCK;
    }

    private static CountyEvent event(String kind, String[] levels, Fields n, String text) {
        String id = n.text(Field.ID, true);
        if (!isId(id)) {
            throw new IllegalArgumentException("id is not an event id");
        }
        long seq = n.number(Field.SEQ);
        long ts = Timestamps.epochMillis(n.text(Field.TS, true));
        if (kind.equals(CountyEvent.RESULT)) {
            return new CountyEvent(id, kind, levels[0], levels[1], levels[2], null, null, null, null, null, seq, null, null,
                    ts, false, text);
        }
        if (!levels[1].equals(n.text(Field.VENUE, true)) || !levels[2].equals(n.text(Field.TERMINAL, true))) {
            throw new IllegalArgumentException("venue or terminal differ from the topic's");
        }
        boolean synced = n.bool(Field.CLOCK_SYNCED);
        String subject = n.text(Field.SUBJECT, false);
        if (subject != null && !isPseudonym(subject)) {
            throw new IllegalArgumentException("subject is not a pseudonym");
        }
        return new CountyEvent(id, kind, levels[0], levels[1], levels[2], n.bounded(Field.ENTRANCE, 256),
                n.bounded(Field.LANE, 64), n.bounded(Field.DIRECTION, 8), n.bounded(Field.RESULT, 16), subject, seq,
                n.number(Field.BOOT), n.number(Field.MONO_MS), ts, synced, text);
    }

    /** [0-9]{6}: a county code. */
    private static boolean isCounty(String s) {
        if (s.length() != 6) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** [A-Za-z0-9_-]{1,64}: a venue, terminal or event id. */
    private static boolean isId(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** [0-9a-f]{64}: a pseudonym, never a raw subject. */
    private static boolean isPseudonym(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** The top-level fields an event is read from; any other field is skipped as it is read, and kept in the payload. */
    private enum Field {
        ID, SEQ, TS, BOOT, MONO_MS, CLOCK_SYNCED, VENUE, TERMINAL, ENTRANCE, LANE, DIRECTION, RESULT, SUBJECT, SEVERITY,
        REQUEST_ID;

        final String json = name().toLowerCase(Locale.ROOT);

        static Field of(String name) {
            return switch (name) {
                case "id" -> ID;
                case "seq" -> SEQ;
                case "ts" -> TS;
                case "boot" -> BOOT;
                case "mono_ms" -> MONO_MS;
                case "clock_synced" -> CLOCK_SYNCED;
                case "venue" -> VENUE;
                case "terminal" -> TERMINAL;
                case "entrance" -> ENTRANCE;
                case "lane" -> LANE;
                case "direction" -> DIRECTION;
                case "result" -> RESULT;
                case "subject" -> SUBJECT;
                case "severity" -> SEVERITY;
                case "request_id" -> REQUEST_ID;
                default -> null;
            };
        }
    }

    /**
     * An event's fields, read with Jackson's streaming parser rather than into a tree: the parser still reads every byte
     * of the payload (so malformed JSON anywhere, or nesting deeper than Jackson allows, is refused as before), but only
     * these fields' values are kept. Each value is what the tree held: a string, a whole number (or a marker for one
     * beyond a long), a fraction, a boolean, JSON null, or a marker for an object or array. A field given twice keeps its
     * last value, as the tree did.
     */
    private static final class Fields {
        private static final Object NULL = new Object();
        private static final Object CONTAINER = new Object();
        private static final Object BEYOND_LONG = new Object();

        private final Object[] values = new Object[Field.values().length];

        /** The payload's fields, or null when it is JSON but not an object; throws when it is not JSON. */
        static Fields read(byte[] payload) throws IOException {
            try (JsonParser p = JSON.getFactory().createParser(payload)) {
                JsonToken first = p.nextToken();
                if (first != JsonToken.START_OBJECT) {
                    // Hostile, never a terminal's: read into a tree only to throw where the tree reader throws, so that
                    // malformed JSON is "not JSON" and well-formed JSON "not a JSON object", exactly as before.
                    JSON.readTree(payload);
                    return null;
                }
                Fields fields = new Fields();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    Field field = Field.of(p.currentName());
                    JsonToken token = p.nextToken();
                    if (field == null) {
                        p.skipChildren();
                    } else {
                        fields.values[field.ordinal()] = value(p, token);
                    }
                }
                return fields;
            }
        }

        private static Object value(JsonParser p, JsonToken token) throws IOException {
            switch (token) {
                case VALUE_STRING:
                    return p.getText();
                case VALUE_NUMBER_INT:
                    return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? BEYOND_LONG : p.getLongValue();
                case VALUE_NUMBER_FLOAT:
                    return p.getDoubleValue();
                case VALUE_TRUE:
                    return Boolean.TRUE;
                case VALUE_FALSE:
                    return Boolean.FALSE;
                case VALUE_NULL:
                    return NULL;
                default:
                    p.skipChildren();
                    return CONTAINER;
            }
        }

        boolean has(Field field) {
            return values[field.ordinal()] != null;
        }

        /** A string; JSON null counts as missing. */
        String text(Field field, boolean required) {
            Object v = values[field.ordinal()];
            if (v == null || v == NULL) {
                if (required) {
                    throw new IllegalArgumentException(field.json + " missing");
                }
                return null;
            }
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException(field.json + " is not a string");
            }
            return s;
        }

        String bounded(Field field, int max) {
            String v = text(field, false);
            if (v != null && v.length() > max) {
                throw new IllegalArgumentException(field.json + " longer than " + max + " characters");
            }
            return v;
        }

        /** A whole number from 0 to 2^53 − 1; a fraction with nothing after the point counts, as it did in the tree. */
        long number(Field field) {
            Object v = values[field.ordinal()];
            if (v instanceof Long l && l >= 0 && l <= MAX_NUMBER) {
                return l;
            }
            if (v instanceof Double d && !d.isNaN() && !d.isInfinite() && d == Math.rint(d) && (long) d.doubleValue() >= 0
                    && (long) d.doubleValue() <= MAX_NUMBER) {
                return (long) d.doubleValue();
            }
            throw new IllegalArgumentException(field.json + " missing or not a whole number");
        }

        boolean bool(Field field) {
            if (values[field.ordinal()] instanceof Boolean b) {
                return b;
            }
            throw new IllegalArgumentException(field.json + " missing or not a boolean");
        }
    }
}
