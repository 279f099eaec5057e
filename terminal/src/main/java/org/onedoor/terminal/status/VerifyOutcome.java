package org.onedoor.terminal.status;

import java.time.Instant;
import java.util.Objects;

/** What the verify service said about one code: a colour, "no such code", or nothing usable. */
public sealed interface VerifyOutcome {

    /**
     * The service vouched for a colour.
     *
     * @param subject the service's stable opaque id of the person; personal data, never logged or stored
     */
    record Verified(HealthStatus status, String subject, Instant validUntil) implements VerifyOutcome {
        public Verified {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(validUntil, "validUntil");
            if (status == HealthStatus.UNKNOWN) {
                throw new IllegalArgumentException("the service cannot verify an unknown status");
            }
        }

        /** Leaves the subject out, so that logging an outcome by accident leaks nothing personal. */
        @Override
        public String toString() {
            return "Verified[status=" + status.wireName() + ", subject=<" + subject.length() + " chars>, validUntil="
                    + validUntil + "]";
        }
    }

    /** The service does not know the code, or it has expired (HTTP 404). */
    record UnknownCode() implements VerifyOutcome {
    }

    /**
     * The service gave no usable answer.
     *
     * @param why a short, fixed description for logs and metrics, e.g. {@code timeout} or {@code http 500};
     *            never contains anything the service or the scanner sent
     */
    record Failed(String why) implements VerifyOutcome {
        public Failed {
            Objects.requireNonNull(why, "why");
        }
    }
}
