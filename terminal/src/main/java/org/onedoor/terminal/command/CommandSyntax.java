package org.onedoor.terminal.command;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.onedoor.terminal.decision.Mode;

/** The JSON form of a signed command (docs/commands.md), read strictly and written in one field order. */
public final class CommandSyntax {
    /** A command is a few hundred bytes; anything far larger is refused before it is parsed. */
    public static final int MAX_PAYLOAD_BYTES = 4096;
    public static final int SIGNATURE_BYTES = 64;

    private static final List<String> ENVELOPE = List.of("request_id", "target", "issued_at", "expires_at");
    private static final List<String> TARGET = List.of("county", "venue", "terminal");
    private static final Map<String, List<String>> ARGUMENTS = Map.of(
            "open", List.of("lane", "reason"),
            "mode", List.of("mode"),
            "reload", List.of(),
            "replay", List.of("from_seq", "to_seq"),
            "status", List.of());
    private static final Set<String> INTEGER_ARGUMENTS = Set.of("from_seq", "to_seq");
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
    private static final Pattern DECIMAL = Pattern.compile("[1-9][0-9]{0,18}");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
            .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private CommandSyntax() {
    }

    /** Whether {@code name} is a command this terminal knows. */
    public static boolean isKnown(String name) {
        return ARGUMENTS.containsKey(name);
    }

    /** The payload as a JSON object, or empty when it is too large, not JSON, or not an object. */
    static Optional<ObjectNode> parseObject(byte[] payload) {
        if (payload == null || payload.length > MAX_PAYLOAD_BYTES) {
            return Optional.empty();
        }
        try {
            JsonNode tree = JSON.readTree(payload);
            return tree instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The {@code signature} field holds something (it may still be no signature). */
    static boolean hasSignature(ObjectNode tree) {
        JsonNode s = tree.get("signature");
        return s != null && !s.isNull() && !(s.isTextual() && s.textValue().isEmpty());
    }

    /** The signature's bytes, or empty when the field is not base64 of an Ed25519 signature. */
    static Optional<byte[]> signature(ObjectNode tree) {
        try {
            byte[] s = Base64.getDecoder().decode(tree.path("signature").asText(""));
            return s.length == SIGNATURE_BYTES ? Optional.of(s) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The command named {@code name} from a parsed payload; every field must be there and none other. */
    static SignedCommand read(String name, ObjectNode tree) throws InvalidCommandException {
        List<String> arguments = ARGUMENTS.get(name);
        for (Iterator<String> fields = tree.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!ENVELOPE.contains(field) && !arguments.contains(field) && !"signature".equals(field)) {
                throw new InvalidCommandException("a field that " + name + " does not have");
            }
        }
        if (!tree.path("signature").isTextual()) {
            throw new InvalidCommandException("signature must be a string");
        }
        Map<String, Object> values = new HashMap<>();
        for (String argument : arguments) {
            values.put(argument, argumentFromJson(argument, tree.get(argument)));
        }
        try {
            return new SignedCommand(target(tree.get("target")), text(tree, "request_id"),
                    timestamp(text(tree, "issued_at")), timestamp(text(tree, "expires_at")), build(name, values));
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(e.getMessage());
        }
    }

    /**
     * A command from {@code ARG=VALUE} words, as the command line takes them.
     *
     * @throws InvalidCommandException for an unknown name, a missing, unknown or invalid argument
     */
    public static Command fromText(String name, Map<String, String> arguments) throws InvalidCommandException {
        if (!isKnown(name)) {
            throw new InvalidCommandException("no command " + name + "; the commands are " + Command.NAMES);
        }
        List<String> expected = ARGUMENTS.get(name);
        if (!expected.containsAll(arguments.keySet()) || !arguments.keySet().containsAll(expected)) {
            throw new InvalidCommandException(name + " takes " + (expected.isEmpty() ? "no arguments"
                    : "exactly " + String.join(", ", expected)));
        }
        Map<String, Object> values = new HashMap<>();
        for (String argument : expected) {
            String raw = arguments.get(argument);
            if (INTEGER_ARGUMENTS.contains(argument) && !DECIMAL.matcher(raw).matches()) {
                throw new InvalidCommandException(argument + " must be a positive whole number");
            }
            values.put(argument, INTEGER_ARGUMENTS.contains(argument) ? Long.parseLong(raw) : raw);
        }
        try {
            return build(name, values);
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(e.getMessage());
        }
    }

    /** The JSON to publish on {@code cmd/{name}}: envelope, arguments, signature, in that order. */
    static byte[] write(SignedCommand c, byte[] signature) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_id", c.requestId());
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("county", c.target().county());
        target.put("venue", c.target().venue());
        target.put("terminal", c.target().terminal());
        m.put("target", target);
        m.put("issued_at", CanonicalForm.timestamp(c.issuedAt()));
        m.put("expires_at", CanonicalForm.timestamp(c.expiresAt()));
        m.putAll(c.command().arguments());
        m.put("signature", Base64.getEncoder().encodeToString(signature));
        try {
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException("a command of strings and numbers cannot fail to serialise", e);
        }
    }

    private static Command build(String name, Map<String, Object> v) {
        return switch (name) {
            case "open" -> new Command.Open((String) v.get("lane"), (String) v.get("reason"));
            case "mode" -> new Command.SetMode(mode((String) v.get("mode")));
            case "reload" -> new Command.Reload();
            case "replay" -> new Command.Replay((Long) v.get("from_seq"), (Long) v.get("to_seq"));
            case "status" -> new Command.Status();
            default -> throw new IllegalArgumentException("no command of that name");
        };
    }

    private static Mode mode(String wireName) {
        for (Mode m : Mode.values()) {
            if (m.wireName().equals(wireName)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode must be one of strict, lenient, record-only, lockdown, emergency-open");
    }

    private static Object argumentFromJson(String argument, JsonNode node) throws InvalidCommandException {
        if (INTEGER_ARGUMENTS.contains(argument)) {
            if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
                throw new InvalidCommandException(argument + " must be a whole number");
            }
            return node.longValue();
        }
        if (node == null || !node.isTextual()) {
            throw new InvalidCommandException(argument + " must be a string");
        }
        return node.textValue();
    }

    private static Target target(JsonNode node) throws InvalidCommandException {
        if (!(node instanceof ObjectNode o) || o.size() != TARGET.size()
                || !TARGET.stream().allMatch(k -> o.path(k).isTextual())) {
            throw new InvalidCommandException("target must be an object of county, venue and terminal strings");
        }
        return new Target(o.get("county").textValue(), o.get("venue").textValue(), o.get("terminal").textValue());
    }

    private static String text(ObjectNode tree, String field) throws InvalidCommandException {
        JsonNode node = tree.get(field);
        if (node == null || !node.isTextual()) {
            throw new InvalidCommandException(field + " must be a string");
        }
        return node.textValue();
    }

    private static Instant timestamp(String text) throws InvalidCommandException {
        if (TIMESTAMP.matcher(text).matches()) {
            try {
                Instant t = Instant.parse(text);
                if (CanonicalForm.timestamp(t).equals(text)) {
                    return t;
                }
            } catch (DateTimeParseException e) {
                // reported below, as every other malformed time
            }
        }
        throw new InvalidCommandException("times must be ISO-8601 UTC in whole seconds, such as 2026-11-21T08:15:00Z");
    }
}
