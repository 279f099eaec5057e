package org.onedoor.terminal.status;

import java.time.Instant;
import java.util.Objects;

/**
 * What the terminal concluded about one scan's health status. Holds neither the subject nor the code:
 * it goes on to the decision, the ledger and MQTT.
 *
 * @param reason        why the status is {@link HealthStatus#UNKNOWN} ({@code unknown_code},
 *                      {@code status_unavailable}); null when the status itself decides
 * @param pseudonym     the person's pseudonym; null when the code names nobody the terminal could learn
 * @param validUntil    until when the service vouched for the status; null without one
 * @param serviceMicros time spent asking the service, including a timeout
 */
public record Resolution(HealthStatus status, Source source, String reason, String pseudonym, Instant validUntil,
                         long serviceMicros) {

    public static final String UNKNOWN_CODE = "unknown_code";
    public static final String STATUS_UNAVAILABLE = "status_unavailable";

    public Resolution {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
    }
}
