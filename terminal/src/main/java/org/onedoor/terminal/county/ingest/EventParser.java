package org.onedoor.terminal.county.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
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
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern COUNTY = Pattern.compile("[0-9]{6}");
    private static final Pattern PSEUDONYM = Pattern.compile("[0-9a-f]{64}");
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
        if (!(levels.length == 4 || result) || !COUNTY.matcher(levels[0]).matches() || !ID.matcher(levels[1]).matches()
                || !ID.matcher(levels[2]).matches()) {
            return Parsed.refused("not a terminal's event topic");
        }
        JsonNode n;
        try {
            n = JSON.readTree(payload);
        } catch (IOException e) {
            return Parsed.refused("not JSON");
        }
        if (n == null || !n.isObject()) {
            return Parsed.refused("not a JSON object");
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        try {
            if (!result && levels[3].equals(CountyEvent.IDENTITY)) {
                return new Parsed(Optional.empty(), Optional.of(identity(levels, n, text)), null);
            }
            String kind = result ? CountyEvent.RESULT : levels[3].equals("replay") ? kindOf(n) : levels[3];
            return new Parsed(Optional.of(event(kind, levels, n, text)), Optional.empty(), null);
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
    private static String kindOf(JsonNode n) {
        if (n.has("request_id")) {
            return CountyEvent.RESULT;
        }
        if (n.has("severity")) {
            return CountyEvent.ALERT;
        }
        if (n.has("result")) {
            return CountyEvent.ENTRY;
        }
        if (n.has("direction")) {
            return CountyEvent.PASSAGE;
        }
        return CountyEvent.CLOCK;
    }

    private static CountyEvent event(String kind, String[] levels, JsonNode n, String text) {
        String id = text(n, "id", true);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id is not an event id");
        }
        long seq = number(n, "seq", true);
        long ts = Instant.parse(text(n, "ts", true)).toEpochMilli();
        if (kind.equals(CountyEvent.RESULT)) {
            return new CountyEvent(id, kind, levels[0], levels[1], levels[2], null, null, null, null, null, seq, null, null,
                    ts, false, text);
        }
        if (!levels[1].equals(text(n, "venue", true)) || !levels[2].equals(text(n, "terminal", true))) {
            throw new IllegalArgumentException("venue or terminal differ from the topic's");
        }
        JsonNode synced = n.get("clock_synced");
        if (synced == null || !synced.isBoolean()) {
            throw new IllegalArgumentException("clock_synced missing or not a boolean");
        }
        String subject = text(n, "subject", false);
        if (subject != null && !PSEUDONYM.matcher(subject).matches()) {
            throw new IllegalArgumentException("subject is not a pseudonym");
        }
        return new CountyEvent(id, kind, levels[0], levels[1], levels[2], bounded(n, "entrance", 256), bounded(n, "lane", 64),
                bounded(n, "direction", 8), bounded(n, "result", 16), subject, seq, number(n, "boot", true),
                number(n, "mono_ms", true), ts, synced.booleanValue(), text);
    }

    private static String bounded(JsonNode n, String field, int max) {
        String v = text(n, field, false);
        if (v != null && v.length() > max) {
            throw new IllegalArgumentException(field + " longer than " + max + " characters");
        }
        return v;
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return v.textValue();
    }

    private static Long number(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong() || v.longValue() < 0 || v.longValue() > MAX_NUMBER) {
            if (!required && v == null) {
                return null;
            }
            throw new IllegalArgumentException(field + " missing or not a whole number");
        }
        return v.longValue();
    }
}
