package org.onedoor.terminal.status;

import java.time.Instant;
import java.util.Objects;

/**
 * One question to the verify service: this scanned text (or this ID number), at this gate, at this moment.
 *
 * @param code      the scanned text, exactly as framed, or a checked ID number; personal data, never logged
 * @param form      which of the two {@code code} is, and so the request field that carries it
 * @param scannedAt when the scanner (or the ID-card reader) delivered it
 */
public record VerifyRequest(String code, Form form, String terminal, String venue, String entrance,
                            Instant scannedAt) {

    /** The two forms of the contract (docs/health-service.md): {@code "code"} or {@code "id_number"}. */
    public enum Form {
        CODE("code"), ID_NUMBER("id_number");

        private final String field;

        Form(String field) {
            this.field = field;
        }

        /** The request's JSON field that carries the code or the number. */
        public String field() {
            return field;
        }
    }

    /** A scanned code. */
    public VerifyRequest(String code, String terminal, String venue, String entrance, Instant scannedAt) {
        this(code, Form.CODE, terminal, venue, entrance, scannedAt);
    }

    public VerifyRequest {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(terminal, "terminal");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(entrance, "entrance");
        Objects.requireNonNull(scannedAt, "scannedAt");
    }

    /** Leaves the code out, so that logging a request by accident leaks only its length. */
    @Override
    public String toString() {
        return "VerifyRequest[" + form.field() + "=<" + code.length() + " chars>, terminal=" + terminal + ", venue=" + venue
                + ", entrance=" + entrance + ", scannedAt=" + scannedAt + "]";
    }
}
