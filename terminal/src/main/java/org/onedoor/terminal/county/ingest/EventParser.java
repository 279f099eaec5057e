package org.onedoor.terminal.county.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.onedoor.terminal.county.CountyEvent;

/**
 * Reads one message from a terminal's topic into a {@link CountyEvent}. Every byte from the broker is hostile:
 * a message that is not one of the documented payloads (docs/mqtt.md), or whose terminal and venue are not the
 * ones its topic names, is refused with a reason that never quotes the payload.
 */
public final class EventParser {
    /** The largest payload read; events are a few hundred bytes. */
    public static final int MAX_PAYLOAD = 16 * 1024;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern COUNTY = Pattern.compile("[0-9]{6}");
    private static final Pattern PSEUDONYM = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topicRoot;

    public EventParser(String topicRoot) {
        this.topicRoot = topicRoot;
    }

    /** What a message was: an event, or the reason it was refused. */
    public record Parsed(Optional<CountyEvent> event, String refusal) {
        static Parsed refused(String why) {
            return new Parsed(Optional.empty(), why);
        }
    }

    public Parsed parse(String topic, byte[] payload) {
        if (payload.length > MAX_PAYLOAD) {
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
            n = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return Parsed.refused("not JSON");
        }
        if (n == null || !n.isObject()) {
            return Parsed.refused("not a JSON object");
        }
        String kind = result ? CountyEvent.RESULT : levels[3].equals("replay") ? kindOf(n) : levels[3];
        try {
            return new Parsed(Optional.of(event(kind, levels, n, new String(payload, StandardCharsets.UTF_8))), null);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Parsed.refused(e.getMessage());
        }
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
        if (v == null || !v.canConvertToExactIntegral() || !v.canConvertToLong() || v.longValue() < 0) {
            if (!required && v == null) {
                return null;
            }
            throw new IllegalArgumentException(field + " missing or not a whole number");
        }
        return v.longValue();
    }
}
