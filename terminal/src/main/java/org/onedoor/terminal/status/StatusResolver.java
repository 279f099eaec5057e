package org.onedoor.terminal.status;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.tinylog.Logger;

/**
 * Learns a scanned person's colour: from the service within the budget, else from the cache when the
 * code itself names the person, else not at all. Only the service's verdict is cached, and only a
 * pseudonym reaches the cache or the result; the subject stays inside this method.
 */
public final class StatusResolver {

    private final VerifyClient client;
    private final StatusCache cache;
    private final Function<String, String> pseudonymizer;
    private final Duration budget;
    private final Clock clock;

    /**
     * @param pseudonymizer subject to pseudonym (a keyed hash, computed elsewhere)
     * @param budget        how long one scan may wait for the service
     * @param clock         for cache times; latency is measured on the monotonic clock
     */
    public StatusResolver(VerifyClient client, StatusCache cache, Function<String, String> pseudonymizer,
                          Duration budget, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.pseudonymizer = Objects.requireNonNull(pseudonymizer, "pseudonymizer");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param subjectFromCode the subject the code's profile extracted from the scanned text, when it has
     *                        one; only such a code can be answered from the cache
     */
    public Resolution resolve(VerifyRequest req, Optional<String> subjectFromCode) {
        long started = System.nanoTime();
        VerifyOutcome outcome = ask(req);
        long serviceMicros = (System.nanoTime() - started) / 1_000;
        if (outcome instanceof VerifyOutcome.Verified verified) {
            return online(verified, subjectFromCode, serviceMicros);
        }
        String pseudonym = subjectFromCode.map(pseudonymizer).orElse(null);
        if (outcome instanceof VerifyOutcome.UnknownCode) {
            return new Resolution(HealthStatus.UNKNOWN, Source.NONE, Resolution.UNKNOWN_CODE, pseudonym,
                    null, serviceMicros);
        }
        return fromCache(pseudonym, serviceMicros);
    }

    /** A client must not throw, but a bug there must not take the gate down either. */
    private VerifyOutcome ask(VerifyRequest req) {
        try {
            return client.verify(req, budget);
        } catch (RuntimeException e) {
            Logger.error("verify client threw {}", e.getClass().getName());
            return new VerifyOutcome.Failed("client error");
        }
    }

    private Resolution online(VerifyOutcome.Verified verified, Optional<String> subjectFromCode, long serviceMicros) {
        // The code's own subject wins so that the cache key is the one an offline lookup will compute.
        String pseudonym = pseudonymizer.apply(subjectFromCode.orElse(verified.subject()));
        try {
            cache.put(pseudonym, verified.status(), verified.validUntil(), clock.instant());
        } catch (SQLException e) {
            Logger.warn("status cache write failed (SQLite error {})", e.getErrorCode());
        }
        return new Resolution(verified.status(), Source.ONLINE, null, pseudonym, verified.validUntil(),
                serviceMicros);
    }

    private Resolution fromCache(String pseudonym, long serviceMicros) {
        Optional<CachedStatus> cached = pseudonym == null ? Optional.empty() : lookUp(pseudonym, clock.instant());
        if (cached.isEmpty()) {
            return new Resolution(HealthStatus.UNKNOWN, Source.NONE, Resolution.STATUS_UNAVAILABLE,
                    pseudonym, null, serviceMicros);
        }
        return new Resolution(cached.get().status(), Source.CACHE, null, pseudonym,
                cached.get().validUntil(), serviceMicros);
    }

    private Optional<CachedStatus> lookUp(String pseudonym, Instant now) {
        try {
            return cache.fresh(pseudonym, now);
        } catch (SQLException e) {
            Logger.warn("status cache read failed (SQLite error {})", e.getErrorCode());
            return Optional.empty();
        }
    }
}
