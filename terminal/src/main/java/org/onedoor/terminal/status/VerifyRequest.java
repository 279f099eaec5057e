package org.onedoor.terminal.status;

import java.time.Instant;
import java.util.Objects;

/**
 * One question to the verify service: this scanned text, at this gate, at this moment.
 *
 * @param code      the scanned text, exactly as framed; personal data, never logged
 * @param scannedAt when the scanner delivered it
 */
public record VerifyRequest(String code, String terminal, String venue, String entrance, Instant scannedAt) {

    public VerifyRequest {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(entrance, "entrance");
        Objects.requireNonNull(scannedAt, "scannedAt");
    }

    /** Leaves the code out, so that logging a request by accident leaks only its length. */
    @Override
    public String toString() {
        return "VerifyRequest[code=<" + code.length() + " chars>, terminal=" + terminal + ", venue=" + venue
                + ", entrance=" + entrance + ", scannedAt=" + scannedAt + "]";
    }
}
