package org.onedoor.terminal.enrollment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.onedoor.terminal.risklist.SigningKeys;

/**
 * The JSON of enrollment requests and answers, and what their signatures cover. As for commands and risk lists,
 * a signature covers lines built from the fields' values, never the JSON text (docs/county.md, Enrollment):
 * a tag line naming the format, then {@code key=value} lines in a fixed order, each ending in a line feed. No
 * value can hold a line feed or a tab: {@link VenueRecord} refuses control characters.
 */
public final class EnrollmentMessages {
    public static final String REQUEST_FORMAT = "onedoor-enroll-request/1";
    public static final String ANSWER_FORMAT = "onedoor-enroll-approval/1";
    /** Larger messages are not read: a request of a venue with 64 entrances is some 4 KiB. */
    public static final int MAX_BYTES = 16 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EnrollmentMessages() {
    }

    public static byte[] write(EnrollmentRequest r, PrivateKey deviceKey) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", REQUEST_FORMAT);
        o.put("county", r.county());
        o.put("terminal", r.terminal());
        r.venueId().ifPresentOrElse(id -> o.put("venue_id", id), () -> o.putNull("venue_id"));
        o.set("venue", venue(r.venue()));
        ArrayNode entrances = o.putArray("entrances");
        r.entrances().forEach(entrances::add);
        o.put("device_key", r.deviceKey());
        o.put("requested_at", r.requestedAt().toString());
        o.put("signature", sign(canonical(r), deviceKey));
        return bytes(o);
    }

    public static byte[] write(EnrollmentAnswer a, PrivateKey countyKey) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", ANSWER_FORMAT);
        o.put("decision", a.decision().wire());
        o.put("county", a.county());
        o.put("terminal", a.terminal());
        o.put("device_key", a.deviceKey());
        if (a.approved()) {
            o.put("venue_id", a.venueId().orElseThrow());
            o.set("venue", venue(a.venue().orElseThrow()));
            ArrayNode entrances = o.putArray("entrances");
            for (EntranceCode e : a.entrances()) {
                entrances.addObject().put("name", e.name()).put("code", e.code()).put("qr", e.qr());
            }
        } else {
            o.put("reason", a.reason().orElseThrow());
        }
        o.put("approver", a.approver());
        o.put("decided_at", a.decidedAt().toString());
        o.put("signature", sign(canonical(a), countyKey));
        return bytes(o);
    }

    /**
     * A request whose signature holds under the device key it carries (the terminal holds that key's private
     * half); whether its content is acceptable is {@link RequestCheck}'s question.
     */
    public static EnrollmentRequest readRequest(byte[] payload) throws InvalidEnrollmentException {
        JsonNode o = parse(payload, REQUEST_FORMAT);
        EnrollmentRequest r = new EnrollmentRequest(text(o, "county"), text(o, "terminal"),
                optionalText(o, "venue_id"), venue(o.get("venue")), entranceNames(o), text(o, "device_key"),
                instant(o, "requested_at"));
        verify(canonical(r), o, publicKey(r.deviceKey(), "device_key"));
        return r;
    }

    /** An answer whose signature holds under {@code countyKey}; whom it binds is the reader's question. */
    public static EnrollmentAnswer readAnswer(byte[] payload, PublicKey countyKey) throws InvalidEnrollmentException {
        JsonNode o = parse(payload, ANSWER_FORMAT);
        String decision = text(o, "decision");
        EnrollmentAnswer a;
        if (EnrollmentAnswer.Decision.APPROVED.wire().equals(decision)) {
            List<EntranceCode> entrances = new ArrayList<>();
            for (JsonNode e : array(o, "entrances")) {
                entrances.add(new EntranceCode(text(e, "name"), text(e, "code"), text(e, "qr")));
            }
            a = new EnrollmentAnswer(EnrollmentAnswer.Decision.APPROVED, text(o, "county"), text(o, "terminal"),
                    text(o, "device_key"), Optional.of(text(o, "venue_id")), Optional.of(venue(o.get("venue"))),
                    entrances, text(o, "approver"), instant(o, "decided_at"), Optional.empty());
        } else if (EnrollmentAnswer.Decision.REJECTED.wire().equals(decision)) {
            a = new EnrollmentAnswer(EnrollmentAnswer.Decision.REJECTED, text(o, "county"), text(o, "terminal"),
                    text(o, "device_key"), Optional.empty(), Optional.empty(), List.of(), text(o, "approver"),
                    instant(o, "decided_at"), Optional.of(text(o, "reason")));
        } else {
            throw new InvalidEnrollmentException("decision must be approved or rejected");
        }
        verify(canonical(a), o, countyKey);
        return a;
    }

    static byte[] canonical(EnrollmentRequest r) {
        StringBuilder s = new StringBuilder(REQUEST_FORMAT).append('\n');
        line(s, "county", r.county());
        line(s, "terminal", r.terminal());
        line(s, "venue_id", r.venueId().orElse(""));
        venueLines(s, r.venue());
        line(s, "entrances", Integer.toString(r.entrances().size()));
        r.entrances().forEach(e -> line(s, "entrance", e));
        line(s, "device_key", r.deviceKey());
        line(s, "requested_at", r.requestedAt().toString());
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] canonical(EnrollmentAnswer a) {
        StringBuilder s = new StringBuilder(ANSWER_FORMAT).append('\n');
        line(s, "decision", a.decision().wire());
        line(s, "county", a.county());
        line(s, "terminal", a.terminal());
        line(s, "device_key", a.deviceKey());
        line(s, "venue_id", a.venueId().orElse(""));
        a.venue().ifPresent(v -> venueLines(s, v));
        line(s, "entrances", Integer.toString(a.entrances().size()));
        a.entrances().forEach(e -> line(s, "entrance", e.name() + "\t" + e.code() + "\t" + e.qr()));
        line(s, "reason", a.reason().orElse(""));
        line(s, "approver", a.approver());
        line(s, "decided_at", a.decidedAt().toString());
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void venueLines(StringBuilder s, VenueRecord v) {
        line(s, "name", v.name());
        line(s, "category", v.category());
        line(s, "division", v.division());
        line(s, "address", v.address());
        line(s, "lat", v.lat().toPlainString());
        line(s, "lon", v.lon().toPlainString());
        line(s, "admin_name", v.adminName());
        line(s, "admin_mobile", v.adminMobile());
    }

    private static void line(StringBuilder s, String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(key + " holds a line break");
        }
        s.append(key).append('=').append(value).append('\n');
    }

    private static ObjectNode venue(VenueRecord v) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", v.name());
        o.put("category", v.category());
        o.put("division", v.division());
        o.put("address", v.address());
        o.put("lat", v.lat());
        o.put("lon", v.lon());
        o.put("admin_name", v.adminName());
        o.put("admin_mobile", v.adminMobile());
        return o;
    }

    private static VenueRecord venue(JsonNode o) throws InvalidEnrollmentException {
        if (o == null || !o.isObject()) {
            throw new InvalidEnrollmentException("venue must be an object");
        }
        return new VenueRecord(text(o, "name"), text(o, "category"), text(o, "division"), text(o, "address"),
                coordinate(o, "lat"), coordinate(o, "lon"), text(o, "admin_name"), text(o, "admin_mobile"));
    }

    private static List<String> entranceNames(JsonNode o) throws InvalidEnrollmentException {
        List<String> names = new ArrayList<>();
        for (JsonNode e : array(o, "entrances")) {
            if (!e.isTextual()) {
                throw new InvalidEnrollmentException("entrances must be names");
            }
            names.add(e.asText());
        }
        return names;
    }

    private static JsonNode parse(byte[] payload, String format) throws InvalidEnrollmentException {
        if (payload.length > MAX_BYTES) {
            throw new InvalidEnrollmentException("larger than " + MAX_BYTES + " bytes");
        }
        JsonNode o;
        try {
            o = JSON.readTree(payload);
        } catch (IOException e) {
            throw new InvalidEnrollmentException("not JSON");
        }
        if (o == null || !o.isObject()) {
            throw new InvalidEnrollmentException("not a JSON object");
        }
        if (!format.equals(o.path("format").asText())) {
            throw new InvalidEnrollmentException("format is not " + format);
        }
        return o;
    }

    private static String text(JsonNode o, String field) throws InvalidEnrollmentException {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual() || v.asText().indexOf('\n') >= 0 || v.asText().indexOf('\r') >= 0
                || v.asText().indexOf('\t') >= 0) {
            throw new InvalidEnrollmentException(field + " must be a single line of text");
        }
        return v.asText();
    }

    private static Optional<String> optionalText(JsonNode o, String field) throws InvalidEnrollmentException {
        return o.path(field).isNull() || o.path(field).isMissingNode() ? Optional.empty()
                : Optional.of(text(o, field));
    }

    private static Iterable<JsonNode> array(JsonNode o, String field) throws InvalidEnrollmentException {
        JsonNode v = o.get(field);
        if (v == null || !v.isArray() || v.size() > 64) {
            throw new InvalidEnrollmentException(field + " must be a list of at most 64");
        }
        return v;
    }

    private static BigDecimal coordinate(JsonNode o, String field) throws InvalidEnrollmentException {
        JsonNode v = o.get(field);
        if (v == null || !v.isNumber()) {
            throw new InvalidEnrollmentException(field + " must be a number");
        }
        return v.decimalValue().setScale(6, java.math.RoundingMode.HALF_EVEN);
    }

    private static Instant instant(JsonNode o, String field) throws InvalidEnrollmentException {
        try {
            return Instant.parse(text(o, field)).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new InvalidEnrollmentException(field + " must be an ISO-8601 UTC time");
        }
    }

    private static PublicKey publicKey(String text, String field) throws InvalidEnrollmentException {
        try {
            return SigningKeys.publicKeyFromText(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidEnrollmentException(field + " is " + e.getMessage());
        }
    }

    private static String sign(byte[] canonical, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(canonical);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }

    private static void verify(byte[] canonical, JsonNode o, PublicKey key) throws InvalidEnrollmentException {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(text(o, "signature"));
        } catch (IllegalArgumentException e) {
            throw new InvalidEnrollmentException("signature must be base64");
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(canonical);
            if (!verifier.verify(signature)) {
                throw new InvalidEnrollmentException("bad signature");
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidEnrollmentException("bad signature");
        }
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an enrollment message cannot be serialised", e);
        }
    }
}
