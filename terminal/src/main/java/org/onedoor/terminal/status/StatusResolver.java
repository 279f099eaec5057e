package org.onedoor.terminal.status;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.tinylog.Logger;

/**
 * Learns a scanned person's colour. The county's risk list comes first: a listed person is yellow or
 * red whatever the service or the cache say, also offline. Then, by strategy:
 * <ul>
 *   <li>{@code online-first}: the service within the budget; when it fails, a fresh cached colour;</li>
 *   <li>{@code cache-first}: a fresh cached colour at once, refreshed from the service in the background;
 *       without one, as online-first.</li>
 * </ul>
 * Only a code that names its holder (a subject in the code itself) can be answered before the service has
 * been asked: the provinces' URL codes change every minute, so for them the cache helps only after the
 * service named the person. Only the service's verdict is cached, and only a pseudonym reaches the cache or
 * the result; the subject stays inside this class.
 */
public final class StatusResolver implements StatusLookup, AutoCloseable {
    /** A background refresh is not holding anyone up, so it may wait longer than a scan's budget. */
    static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(5);
    private static final int REFRESH_QUEUE = 64;
    /**
     * A cache-first scan's refresh starts this long after the scan asked for it: by then its row is committed and
     * its relay has moved (in-daemon p99.9 about 10 ms), so the request, the service's answer and the cache's write
     * do not take a core from the scan on a Pi's few cores. The colour it brings is for that person's next scan.
     */
    static final Duration REFRESH_DELAY = Duration.ofMillis(50);
    /** A verified certificate that names nobody, while a risk list is in force. */
    public static final String SIGNED_NO_HOLDER = "signed_no_holder";

    private final VerifyClient client;
    private final StatusCache cache;
    private final Function<String, String> pseudonymizer;
    private final RiskCheck riskCheck;
    private final Duration budget;
    private final Strategy strategy;
    private final Clock clock;
    private final AtomicReference<Instant> lastServiceSuccess = new AtomicReference<>();
    private final ScheduledThreadPoolExecutor refresher;
    /** Pseudonyms with a refresh queued or running: a person scanned twice is refreshed once. */
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    private final RepeatLimiter repeats = new RepeatLimiter();

    /** Online-first, no risk list. */
    public StatusResolver(VerifyClient client, StatusCache cache, Function<String, String> pseudonymizer,
                          Duration budget, Clock clock) {
        this(client, cache, pseudonymizer, RiskCheck.NONE, budget, Strategy.ONLINE_FIRST, clock);
    }

    /**
     * @param pseudonymizer subject to pseudonym (a keyed hash, computed elsewhere)
     * @param budget        how long one scan may wait for the service
     * @param clock         for cache times; latency is measured on the monotonic clock
     */
    public StatusResolver(VerifyClient client, StatusCache cache, Function<String, String> pseudonymizer,
                          RiskCheck riskCheck, Duration budget, Strategy strategy, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.pseudonymizer = Objects.requireNonNull(pseudonymizer, "pseudonymizer");
        this.riskCheck = Objects.requireNonNull(riskCheck, "riskCheck");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        this.clock = Objects.requireNonNull(clock, "clock");
        // One thread: refreshes are a trickle, and a dead service must not grow a thread per scan.
        this.refresher = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "status-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /** People in the cache, fresh or not; -1 when the cache cannot say. */
    public long cacheSize() {
        try {
            return cache.size();
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Whether scans have stopped asking the service (its circuit breaker is open). */
    public boolean breakerOpen() {
        return client.breakerOpen();
    }

    /** When the service last answered (a colour or "unknown code"); empty if it has not since start. */
    public Optional<Instant> lastServiceSuccess() {
        return Optional.ofNullable(lastServiceSuccess.get());
    }

    @Override
    public Resolution resolve(VerifyRequest req, Optional<String> subjectFromCode) {
        String pseudonym = subjectFromCode.map(pseudonymizer).orElse(null);
        if (subjectFromCode.isPresent()) {
            Optional<RiskCheck.Listing> listed = riskCheck.listed(subjectFromCode.get());
            if (listed.isPresent()) {
                return fromRiskList(listed.get(), pseudonym, 0);
            }
            if (strategy == Strategy.CACHE_FIRST) {
                Optional<CachedStatus> cached = lookUp(pseudonym);
                if (cached.isPresent()) {
                    refreshInBackground(req, pseudonym);
                    return fromCache(cached.get(), pseudonym, 0);
                }
            }
        }
        long started = System.nanoTime();
        VerifyOutcome outcome = ask(req, budget);
        long serviceMicros = (System.nanoTime() - started) / 1_000;
        if (outcome instanceof VerifyOutcome.Verified verified) {
            return online(verified, subjectFromCode, serviceMicros);
        }
        if (outcome instanceof VerifyOutcome.UnknownCode) {
            return new Resolution(HealthStatus.UNKNOWN, Source.NONE, Resolution.UNKNOWN_CODE, pseudonym,
                    null, serviceMicros, null, null);
        }
        return withoutService(pseudonym, serviceMicros);
    }

    /** The risk list, then the cache, as a scan without an answer from the service: reads, and asks nobody. */
    @Override
    public Resolution rehearse(String subject) {
        String pseudonym = pseudonymizer.apply(subject);
        Optional<RiskCheck.Listing> listed = riskCheck.listed(subject);
        return listed.isPresent() ? fromRiskList(listed.get(), pseudonym, 0) : withoutService(pseudonym, 0);
    }

    /**
     * A signed code's resolution once its holder is known: the county's list overrules a better colour, and the
     * holder's pseudonym is added. With a risk list in force, a certificate that names nobody cannot be checked
     * against it, so its green does not stand on its own: it becomes unknown ({@value #SIGNED_NO_HOLDER}).
     *
     * @param subject the holder's subject from a certificate whose signature verified; never kept
     */
    public Resolution ofSignedHolder(Resolution signed, Optional<String> subject) {
        if (subject.isEmpty()) {
            return riskCheck == RiskCheck.NONE || signed.status() != HealthStatus.GREEN ? signed
                    : new Resolution(HealthStatus.UNKNOWN, Source.NONE, SIGNED_NO_HOLDER, null, null, 0, null, null);
        }
        String pseudonym = pseudonymizer.apply(subject.get());
        Optional<RiskCheck.Listing> listed = riskCheck.listed(subject.get());
        if (listed.isPresent() && worse(listed.get().status(), signed.status())) {
            return fromRiskList(listed.get(), pseudonym, 0);
        }
        return new Resolution(signed.status(), signed.source(), signed.reason(), pseudonym, signed.validUntil(),
                signed.serviceMicros(), signed.statusAt(), signed.lastKnown());
    }

    /** A client must not throw, but a bug there must not take the gate down either. */
    private VerifyOutcome ask(VerifyRequest req, Duration timeout) {
        VerifyOutcome outcome;
        try {
            outcome = client.verify(req, timeout);
        } catch (RuntimeException e) {
            repeats.admit("client threw").ifPresent(held -> Logger.error("verify client threw {}{}",
                    e.getClass().getName(), held));
            return new VerifyOutcome.Failed("client error");
        }
        if (!(outcome instanceof VerifyOutcome.Failed)) {
            lastServiceSuccess.set(clock.instant());
        }
        return outcome;
    }

    private Resolution online(VerifyOutcome.Verified verified, Optional<String> subjectFromCode, long serviceMicros) {
        // The code's own subject wins so that the cache key is the one an offline lookup will compute.
        String subject = subjectFromCode.orElse(verified.subject());
        String pseudonym = pseudonymizer.apply(subject);
        Instant now = clock.instant();
        remember(pseudonym, verified, now);
        Optional<RiskCheck.Listing> listed = riskCheck.listed(subject);
        if (listed.isPresent() && worse(listed.get().status(), verified.status())) {
            return fromRiskList(listed.get(), pseudonym, serviceMicros);
        }
        return new Resolution(verified.status(), Source.ONLINE, null, pseudonym, verified.validUntil(),
                serviceMicros, now, null);
    }

    private void remember(String pseudonym, VerifyOutcome.Verified verified, Instant now) {
        try {
            cache.put(pseudonym, verified.status(), verified.validUntil(), now);
        } catch (SQLException e) {
            repeats.admit("cache write").ifPresent(held -> Logger.warn("status cache write failed (SQLite error {}){}",
                    e.getErrorCode(), held));
        }
    }

    private static boolean worse(HealthStatus listed, HealthStatus answered) {
        return listed.ordinal() > answered.ordinal();
    }

    private static Resolution fromRiskList(RiskCheck.Listing listing, String pseudonym, long serviceMicros) {
        return new Resolution(listing.status(), Source.RISKLIST, null, pseudonym, null, serviceMicros,
                listing.asOf(), null);
    }

    private static Resolution fromCache(CachedStatus cached, String pseudonym, long serviceMicros) {
        return new Resolution(cached.status(), Source.CACHE, null, pseudonym, cached.validUntil(), serviceMicros,
                cached.fetchedAt(), null);
    }

    private Resolution withoutService(String pseudonym, long serviceMicros) {
        Optional<CachedStatus> latest = pseudonym == null ? Optional.empty() : latest(pseudonym);
        Instant now = clock.instant();
        if (latest.isPresent() && now.isBefore(latest.get().freshUntil())) {
            return fromCache(latest.get(), pseudonym, serviceMicros);
        }
        return new Resolution(HealthStatus.UNKNOWN, Source.NONE, Resolution.STATUS_UNAVAILABLE, pseudonym, null,
                serviceMicros, null, latest.orElse(null));
    }

    private Optional<CachedStatus> lookUp(String pseudonym) {
        Instant now = clock.instant();
        return latest(pseudonym).filter(cached -> now.isBefore(cached.freshUntil()));
    }

    private Optional<CachedStatus> latest(String pseudonym) {
        try {
            return cache.latest(pseudonym);
        } catch (SQLException e) {
            repeats.admit("cache read").ifPresent(held -> Logger.warn("status cache read failed (SQLite error {}){}",
                    e.getErrorCode(), held));
            return Optional.empty();
        }
    }

    /** With {@link #REFRESH_QUEUE} refreshes waiting, this one is dropped; the next scan of that person asks again. */
    private void refreshInBackground(VerifyRequest req, String pseudonym) {
        if (refreshing.size() >= REFRESH_QUEUE || !refreshing.add(pseudonym)) {
            return;
        }
        try {
            refresher.schedule(() -> refresh(req, pseudonym), REFRESH_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            refreshing.remove(pseudonym);
        }
    }

    private void refresh(VerifyRequest req, String pseudonym) {
        try {
            if (ask(req, REFRESH_TIMEOUT) instanceof VerifyOutcome.Verified verified) {
                remember(pseudonym, verified, clock.instant());
            }
        } finally {
            refreshing.remove(pseudonym);
        }
    }

    /** Drops queued refreshes; one in progress ends with its timeout. */
    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
