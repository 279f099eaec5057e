package org.onedoor.terminal.status;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Turns the body of a 200 answer into an outcome, trusting nothing in it. Every defect becomes a
 * {@link VerifyOutcome.Failed} whose reason is a fixed string: parser messages quote the input,
 * which may hold personal data, so they are never passed on.
 */
final class VerifyResponseParser {

    static final int MAX_SUBJECT_CHARS = 128;

    /** Duplicate keys are refused: a body with two "status" fields has no single meaning. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private VerifyResponseParser() {
    }

    static VerifyOutcome parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new VerifyOutcome.Failed("bad json");
        }
        if (root == null || !root.isObject()) {
            return new VerifyOutcome.Failed("bad json");
        }
        Optional<HealthStatus> status = HealthStatus.fromServiceWire(text(root, "status"));
        if (status.isEmpty()) {
            return new VerifyOutcome.Failed("bad status");
        }
        String subject = text(root, "subject");
        if (!isAcceptableSubject(subject)) {
            return new VerifyOutcome.Failed("bad subject");
        }
        Optional<Instant> validUntil = parseInstant(text(root, "valid_until"));
        if (validUntil.isEmpty()) {
            return new VerifyOutcome.Failed("bad valid_until");
        }
        return new VerifyOutcome.Verified(status.get(), subject, validUntil.get());
    }

    /** The field's text, or null when it is missing or not a JSON string (numbers are not coerced). */
    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    static boolean isAcceptableSubject(String subject) {
        return subject != null && !subject.isEmpty() && subject.length() <= MAX_SUBJECT_CHARS
                && subject.chars().noneMatch(Character::isISOControl);
    }

    /** ISO-8601 with {@code Z} or a numeric offset; a local time without either is refused. */
    private static Optional<Instant> parseInstant(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
