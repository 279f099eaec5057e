package org.onedoor.terminal.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the terminal concluded about one scan's health status. Holds neither the subject nor the code:
 * it goes on to the decision, the ledger and MQTT.
 *
 * @param reason        why the status is {@link HealthStatus#UNKNOWN} ({@code unknown_code},
 *                      {@code status_unavailable}); null when the status itself decides
 * @param pseudonym     the person's pseudonym; null when the code names nobody the terminal could learn
 * @param validUntil    until when the service vouched for the status; null without one
 * @param serviceMicros time spent asking the service, including a timeout; 0 when it was not asked
 * @param statusAt      when the status used was learnt (the answer, the cached fetch, the list's issue); null
 *                      without a status
 * @param lastKnown     with no fresh status, the last colour the cache holds for the person, however old;
 *                      null otherwise. Only mode {@code lenient} looks at it.
 */
public record Resolution(HealthStatus status, Source source, String reason, String pseudonym, Instant validUntil,
                         long serviceMicros, Instant statusAt, CachedStatus lastKnown) {

    public static final String UNKNOWN_CODE = "unknown_code";
    public static final String STATUS_UNAVAILABLE = "status_unavailable";

    public Resolution {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(source, "source");
    }

    /** How old the status is at {@code now}, in whole seconds; empty without one. */
    public Optional<Long> ageSeconds(Instant now) {
        return statusAt == null ? Optional.empty()
                : Optional.of(Math.max(0, Duration.between(statusAt, now).toSeconds()));
    }
}
