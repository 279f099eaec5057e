package org.onedoor.terminal.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The answer published on {@code cmd/{name}/result} (docs/schemas/command-result.json): whether the
 * command passed the checks, and {@code ok}, the refusal's word or what went wrong carrying it out.
 * Immutable: each {@code with…} returns a new result.
 */
public final class CommandResult {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final int MAX_DETAIL_TEXT = 200;

    /** Why an accepted command could not be carried out. */
    public enum Failure {
        /** {@code open} named a lane this terminal does not have. */
        UNKNOWN_LANE,
        /** {@code replay} asked for events this terminal no longer holds, or never wrote. */
        OUT_OF_RANGE,
        /** Anything else; {@code detail} says what, without personal data. */
        FAILED;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String name;
    private final String requestId;
    private final boolean accepted;
    private final String reason;
    private final Map<String, Object> detail;

    private CommandResult(String name, String requestId, boolean accepted, String reason, Map<String, Object> detail) {
        this.name = name;
        this.requestId = requestId;
        this.accepted = accepted;
        this.reason = reason;
        this.detail = detail;
    }

    /**
     * The result of a verdict as it stands: {@code ok} for an accepted command, the refusal's word otherwise.
     *
     * @throws IllegalArgumentException for a verdict without a name: it gets no result (see {@link Verdict#name()})
     */
    public static CommandResult of(Verdict verdict) {
        if (verdict.name() == null) {
            throw new IllegalArgumentException("a command without a usable name gets no result");
        }
        return new CommandResult(verdict.name(), verdict.requestId(), verdict.accepted(), verdict.reason(), Map.of());
    }

    /** The accepted command could not be carried out. */
    public CommandResult failed(Failure failure) {
        if (!accepted) {
            throw new IllegalStateException("a refused command was not carried out, so it cannot have failed");
        }
        return new CommandResult(name, requestId, true, failure.word(), detail);
    }

    /**
     * Adds one field to {@code detail}: what was done (e.g. {@code seq} of the entry an {@code open}
     * recorded, {@code count} of events replayed). Never personal data.
     *
     * @param key   a lower-case word, {@code [a-z][a-z0-9_]*}, up to 32 characters
     * @param value a string (up to 200 characters), a number or a boolean
     */
    public CommandResult withDetail(String key, Object value) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("detail keys are lower-case words of up to 32 characters");
        }
        boolean scalar = value instanceof Number || value instanceof Boolean
                || value instanceof String s && s.codePointCount(0, s.length()) <= MAX_DETAIL_TEXT;
        if (!scalar) {
            throw new IllegalArgumentException("detail values are numbers, booleans or strings of up to "
                    + MAX_DETAIL_TEXT + " characters");
        }
        Map<String, Object> more = new LinkedHashMap<>(detail);
        more.put(key, value);
        return new CommandResult(name, requestId, accepted, reason, java.util.Collections.unmodifiableMap(more));
    }

    /** The topic level after {@code cmd/}: the result goes to {@code cmd/{name}/result}. */
    public String name() {
        return name;
    }

    public boolean accepted() {
        return accepted;
    }

    public String reason() {
        return reason;
    }

    /** The payload, stamped {@code ts} (ISO-8601 UTC, milliseconds, {@code Z}). */
    public byte[] toJson(Instant ts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("request_id", requestId);
        m.put("name", name);
        m.put("accepted", accepted);
        m.put("reason", reason);
        m.put("ts", TS.format(Objects.requireNonNull(ts, "ts")));
        if (!detail.isEmpty()) {
            m.put("detail", detail);
        }
        try {
            return JSON.writeValueAsBytes(m);
        } catch (IOException e) {
            throw new IllegalStateException("a result of strings, numbers and booleans cannot fail to serialise", e);
        }
    }
}
