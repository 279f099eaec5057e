package org.onedoor.terminal.command;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The bytes a command's signature covers (docs/commands.md): never the JSON text, whose spacing,
 * key order and escapes any tool on the way may change, but lines built from the fields' values.
 * Each line is {@code key=value} and ends with a line feed; no value can hold a line feed.
 */
public final class CanonicalForm {
    /** The first line; a new format gets a new tag, so no signature can be read under two formats. */
    public static final String TAG = "onedoor-command/1";

    private CanonicalForm() {
    }

    public static byte[] of(SignedCommand c) {
        StringBuilder s = new StringBuilder(TAG).append('\n');
        line(s, "county", c.target().county());
        line(s, "venue", c.target().venue());
        line(s, "terminal", c.target().terminal());
        line(s, "name", c.command().name());
        line(s, "request_id", c.requestId());
        line(s, "issued_at", timestamp(c.issuedAt()));
        line(s, "expires_at", timestamp(c.expiresAt()));
        for (Map.Entry<String, Object> argument : c.command().arguments().entrySet()) {
            line(s, argument.getKey(), String.valueOf(argument.getValue()));
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** ISO-8601 UTC in whole seconds with {@code Z}: {@code 2026-11-21T08:15:00Z}. */
    public static String timestamp(Instant t) {
        return t.toString();
    }

    private static void line(StringBuilder s, String key, String value) {
        s.append(key).append('=').append(value).append('\n');
    }
}
