package org.onedoor.terminal.risklist;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;
import org.onedoor.terminal.risklist.Applied.Result;
import org.onedoor.terminal.status.HealthStatus;

/**
 * Risk-list messages as JSON (docs/risklist.md). Reading streams through the payload and trusts
 * nothing: a list may be large and the heap small, so no tree of it is ever built, and every defect
 * becomes a {@link RejectedMessage} with a fixed description (parser messages quote the input).
 */
final class MessageCodec {
    /** Bytes allowed per entry, with room for whitespace; a compact entry takes 78. */
    static final int BYTES_PER_ENTRY = 100;
    static final int BYTES_OVERHEAD = 64 * 1024;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final Pattern COUNTY = Pattern.compile("[0-9]{6}");
    private static final Pattern ISSUED_AT = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
    private static final int SIGNATURE_BYTES = 64;

    private MessageCodec() {
    }

    /** The largest payload accepted from a county whose list may hold {@code maxEntries}. */
    static long maxPayloadBytes(int maxEntries) {
        return (long) maxEntries * BYTES_PER_ENTRY + BYTES_OVERHEAD;
    }

    /**
     * Reads one message; {@code maxEntries} bounds its entries and removals together.
     *
     * @throws RejectedMessage {@code REFUSED_SIZE} or {@code MALFORMED}, with what was wrong
     */
    static SignedMessage parse(byte[] payload, int maxEntries) throws RejectedMessage {
        if (payload.length > maxPayloadBytes(maxEntries)) {
            throw new RejectedMessage(Result.REFUSED_SIZE,
                    payload.length + " bytes, more than the " + maxPayloadBytes(maxEntries) + " allowed");
        }
        try (JsonParser parser = JSON.createParser(payload)) {
            Fields fields = new Fields(maxEntries);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw malformed("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                fields.read(name, parser);
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw malformed("not one JSON object");
            }
            return fields.toMessage();
        } catch (IOException e) {
            throw malformed("not valid JSON");
        }
    }

    /** Writes a message compactly, its fields in the documented order. */
    static byte[] write(RiskListMessage m, byte[] signature) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("format", RiskListMessage.FORMAT);
            json.writeStringField("kind", m.kind().wireName());
            json.writeStringField("county", m.county());
            json.writeNumberField("epoch", m.epoch());
            json.writeNumberField("version", m.version());
            if (m.kind() == Kind.DELTA) {
                json.writeNumberField("base_version", m.baseVersion());
            }
            json.writeStringField("issued_at", DateTimeFormatter.ISO_INSTANT.format(m.issuedAt()));
            json.writeArrayFieldStart("entries");
            for (int i = 0; i < m.entries().size(); i++) {
                json.writeStartArray();
                json.writeString(m.entries().keys().hex(i));
                json.writeString(m.entries().colour(i).wireName());
                json.writeEndArray();
            }
            json.writeEndArray();
            if (m.kind() == Kind.DELTA) {
                json.writeArrayFieldStart("removals");
                for (int i = 0; i < m.removals().size(); i++) {
                    json.writeString(m.removals().hex(i));
                }
                json.writeEndArray();
            }
            json.writeStringField("signature", Base64.getEncoder().encodeToString(signature));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static RejectedMessage malformed(String detail) {
        return new RejectedMessage(Result.MALFORMED, detail);
    }

    /** The fields as they are read, each at most once (duplicate keys are refused by the parser). */
    private static final class Fields {
        private final int maxEntries;
        private String format;
        private Kind kind;
        private String county;
        private Integer epoch;
        private Long version;
        private Long baseVersion;
        private Instant issuedAt;
        private PseudonymTable entries;
        private SortedKeys removals;
        private byte[] signature;

        Fields(int maxEntries) {
            this.maxEntries = maxEntries;
        }

        void read(String name, JsonParser parser) throws IOException, RejectedMessage {
            switch (name) {
                case "format" -> format = string(parser, name);
                case "kind" -> kind = Kind.fromWire(string(parser, name))
                        .orElseThrow(() -> malformed("kind: not snapshot or delta"));
                case "county" -> county = county(string(parser, name));
                case "epoch" -> epoch = (int) integer(parser, name, 0, Integer.MAX_VALUE);
                case "version" -> version = integer(parser, name, 1, Long.MAX_VALUE);
                case "base_version" -> baseVersion = integer(parser, name, 1, Long.MAX_VALUE);
                case "issued_at" -> issuedAt = issuedAt(string(parser, name));
                case "entries" -> entries = entries(parser);
                case "removals" -> removals = removals(parser);
                case "signature" -> signature = signature(string(parser, name));
                default -> throw malformed("an unknown field");
            }
        }

        SignedMessage toMessage() throws RejectedMessage {
            if (!RiskListMessage.FORMAT.equals(format)) {
                throw malformed(format == null ? "format: missing" : "format: not " + RiskListMessage.FORMAT);
            }
            require(kind, "kind");
            require(county, "county");
            require(epoch, "epoch");
            require(version, "version");
            require(issuedAt, "issued_at");
            require(entries, "entries");
            require(signature, "signature");
            if (kind == Kind.SNAPSHOT) {
                if (baseVersion != null || removals != null) {
                    throw malformed("a snapshot has no base_version and no removals");
                }
                return message(0, SortedKeys.EMPTY);
            }
            require(baseVersion, "base_version");
            require(removals, "removals");
            if (baseVersion >= version) {
                throw malformed("base_version: not below version");
            }
            if (overlap(entries.keys(), removals)) {
                throw malformed("a pseudonym is both in entries and in removals");
            }
            return message(baseVersion, removals);
        }

        private SignedMessage message(long base, SortedKeys taken) {
            return new SignedMessage(
                    new RiskListMessage(kind, county, epoch, version, base, issuedAt, entries, taken), signature);
        }

        private PseudonymTable entries(JsonParser parser) throws IOException, RejectedMessage {
            expect(parser, JsonToken.START_ARRAY, "entries: not an array");
            PseudonymTable.Builder table = new PseudonymTable.Builder();
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                countOne(table.size());
                parser.nextToken();
                long[] key = SortedKeys.parseHex(parser.currentToken() == JsonToken.VALUE_STRING ? parser.getText() : null);
                parser.nextToken();
                HealthStatus colour = colour(parser);
                if (key == null || colour == null || parser.nextToken() != JsonToken.END_ARRAY) {
                    throw malformed("entries[" + table.size() + "]: not [64 lower-case hex digits, yellow or red]");
                }
                if (!table.append(key, colour)) {
                    throw malformed("entries[" + table.size() + "]: not above the one before (ascending, no repeats)");
                }
            }
            expect(parser, JsonToken.END_ARRAY, "entries: an element is not an array");
            return table.build();
        }

        private SortedKeys removals(JsonParser parser) throws IOException, RejectedMessage {
            expect(parser, JsonToken.START_ARRAY, "removals: not an array");
            SortedKeys.Builder keys = new SortedKeys.Builder();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                countOne(keys.size());
                long[] key = SortedKeys.parseHex(parser.currentToken() == JsonToken.VALUE_STRING ? parser.getText() : null);
                if (key == null) {
                    throw malformed("removals[" + keys.size() + "]: not 64 lower-case hex digits");
                }
                if (!keys.append(key)) {
                    throw malformed("removals[" + keys.size() + "]: not above the one before (ascending, no repeats)");
                }
            }
            return keys.build();
        }

        private void countOne(int alreadyInThisField) throws RejectedMessage {
            int other = (entries == null ? 0 : entries.size()) + (removals == null ? 0 : removals.size());
            if (other + alreadyInThisField >= maxEntries) {
                throw new RejectedMessage(Result.REFUSED_SIZE, "more than the " + maxEntries + " entries allowed");
            }
        }

        private static HealthStatus colour(JsonParser parser) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            return switch (parser.getText()) {
                case "yellow" -> HealthStatus.YELLOW;
                case "red" -> HealthStatus.RED;
                default -> null;
            };
        }
    }

    private static boolean overlap(SortedKeys a, SortedKeys b) {
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            int order = a.compare(i, b, j);
            if (order == 0) {
                return true;
            }
            if (order < 0) {
                i++;
            } else {
                j++;
            }
        }
        return false;
    }

    private static void require(Object value, String name) throws RejectedMessage {
        if (value == null) {
            throw malformed(name + ": missing");
        }
    }

    private static void expect(JsonParser parser, JsonToken token, String otherwise) throws RejectedMessage {
        if (parser.currentToken() != token) {
            throw malformed(otherwise);
        }
    }

    private static String string(JsonParser parser, String name) throws IOException, RejectedMessage {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw malformed(name + ": not a string");
        }
        return parser.getText();
    }

    private static long integer(JsonParser parser, String name, long min, long max) throws IOException, RejectedMessage {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw malformed(name + ": not an integer");
        }
        long value = parser.getLongValue();
        if (value < min || value > max) {
            throw malformed(name + ": out of range " + min + ".." + max);
        }
        return value;
    }

    private static String county(String text) throws RejectedMessage {
        if (!COUNTY.matcher(text).matches()) {
            throw malformed("county: not a 6-digit division code");
        }
        return text;
    }

    /** Exactly {@code yyyy-MM-ddTHH:mm:ssZ}: one spelling per instant, as the signed bytes need. */
    private static Instant issuedAt(String text) throws RejectedMessage {
        if (!ISSUED_AT.matcher(text).matches()) {
            throw malformed("issued_at: not yyyy-MM-ddTHH:mm:ssZ");
        }
        // Instant.parse also reads 24:00:00 and the leap second 23:59:60 as another time's second spelling: only
        // the one spelling the signer writes is a time, as for commands.
        try {
            Instant t = Instant.parse(text);
            if (DateTimeFormatter.ISO_INSTANT.format(t).equals(text)) {
                return t;
            }
        } catch (DateTimeParseException e) {
            // reported below, as every other invalid time
        }
        throw malformed("issued_at: not a valid time");
    }

    private static byte[] signature(String text) throws RejectedMessage {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed("signature: not base64");
        }
        if (bytes.length != SIGNATURE_BYTES) {
            throw malformed("signature: not " + SIGNATURE_BYTES + " bytes");
        }
        return bytes;
    }
}
