package org.onedoor.terminal.status;

import java.util.Locale;
import java.util.Optional;

/** A person's health-code colour as the terminal knows it; {@link #UNKNOWN} when it could not be learnt. */
public enum HealthStatus {
    GREEN, YELLOW, RED, UNKNOWN;

    /** The lower-case name used on the wire, in logs and in the ledger. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The colour the verify service may answer with: {@code green}, {@code yellow} or {@code red},
     * exactly. {@code unknown} is the terminal's own verdict, never the service's, so it is refused.
     */
    public static Optional<HealthStatus> fromServiceWire(String wire) {
        for (HealthStatus status : values()) {
            if (status != UNKNOWN && status.wireName().equals(wire)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
