package org.onedoor.terminal.freshness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.onedoor.terminal.event.Freshness;
import org.onedoor.terminal.status.Resolution;

/**
 * How old the terminal's knowledge is: of the health service (its last answer) and of the county risk list
 * (its issue time). Every entry carries these ages; past the configured limits the terminal's knowledge is
 * stale, which the guard sees on the amber lamp and the county in an alert.
 *
 * <p>Knowledge the terminal has never had counts from the start of the daemon: a terminal that boots
 * offline is not stale at once, but it is after the limit.
 */
public final class FreshnessMonitor {
    private final Supplier<Optional<Instant>> lastServiceSuccess;
    private final Optional<Supplier<Optional<Instant>>> riskListIssuedAt;
    private final Duration serviceStaleAfter;
    private final Duration riskListStaleAfter;
    private final BooleanSupplier trustListStale;
    private final Clock clock;
    private final Instant startedAt;

    /**
     * @param riskListIssuedAt when the risk list in force was issued (empty before the first); absent when
     *                         the terminal has no risk list configured
     * @param trustListStale   whether the signed codes' trust list is past its maximum age (never without one)
     */
    public FreshnessMonitor(Supplier<Optional<Instant>> lastServiceSuccess,
                            Optional<Supplier<Optional<Instant>>> riskListIssuedAt, Duration serviceStaleAfter,
                            Duration riskListStaleAfter, BooleanSupplier trustListStale, Clock clock) {
        this.trustListStale = trustListStale;
        this.lastServiceSuccess = lastServiceSuccess;
        this.riskListIssuedAt = riskListIssuedAt;
        this.serviceStaleAfter = serviceStaleAfter;
        this.riskListStaleAfter = riskListStaleAfter;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** The ages to record with a decision made on {@code resolution} (null when there was no status). */
    public Freshness of(Resolution resolution) {
        Instant now = clock.instant();
        return new Freshness(resolution == null ? null : resolution.ageSeconds(now).orElse(null),
                riskListAgeS(now), ageS(lastServiceSuccess.get(), now));
    }

    /** The ages now, with no decision. */
    public Freshness now() {
        return of(null);
    }

    public Staleness staleness() {
        Instant now = clock.instant();
        boolean service = olderThan(lastServiceSuccess.get(), serviceStaleAfter, now);
        boolean riskList = riskListIssuedAt.isPresent()
                && olderThan(riskListIssuedAt.get().get(), riskListStaleAfter, now);
        return new Staleness(service, riskList, trustListStale.getAsBoolean());
    }

    private Long riskListAgeS(Instant now) {
        return riskListIssuedAt.map(issued -> ageS(issued.get(), now)).orElse(null);
    }

    private static Long ageS(Optional<Instant> since, Instant now) {
        return since.map(t -> Math.max(0, Duration.between(t, now).toSeconds())).orElse(null);
    }

    private boolean olderThan(Optional<Instant> since, Duration limit, Instant now) {
        return Duration.between(since.orElse(startedAt), now).compareTo(limit) > 0;
    }

    /** Which knowledge is past its limit. */
    public record Staleness(boolean service, boolean riskList, boolean trustList) {
        public static final Staleness NONE = new Staleness(false, false, false);

        public boolean any() {
            return service || riskList || trustList;
        }
    }
}
