package org.onedoor.terminal.command;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A command with everything its signature covers besides its name: the terminal it is for, its
 * request id and its validity. Times are whole seconds, so each has exactly one written form.
 *
 * @param requestId the county's id for this request: 1 to 64 letters, digits, '-' or '_' (a UUID fits)
 */
public record SignedCommand(Target target, String requestId, Instant issuedAt, Instant expiresAt, Command command) {
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public SignedCommand {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(command, "command");
        if (!isRequestId(requestId)) {
            throw new IllegalArgumentException("request_id must be 1 to 64 letters, digits, '-' or '_'");
        }
        if (issuedAt == null || expiresAt == null || issuedAt.getNano() != 0 || expiresAt.getNano() != 0) {
            throw new IllegalArgumentException("issued_at and expires_at must be whole seconds");
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expires_at must be after issued_at");
        }
    }

    /** Whether {@code s} is a request id this format allows, and so may be echoed in a result. */
    public static boolean isRequestId(String s) {
        return s != null && REQUEST_ID.matcher(s).matches();
    }
}
