package org.onedoor.terminal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.testing.SettableClock;

/** Cache-first against online-first, the county risk list's precedence, per-colour ttl and what lenient may use. */
class StatusStrategiesTest {
    private static final Duration BUDGET = Duration.ofMillis(400);
    private static final String CODE = "ODB1:badge";
    private static final String SUBJECT = "430124199001011234";

    @TempDir
    Path dataDir;

    private final SettableClock clock = new SettableClock(Instant.now());
    private final Map<String, RiskCheck.Listing> riskList = new ConcurrentHashMap<>();
    private StandInHealthService service;
    private StatusCache cache;

    @BeforeEach
    void setUp() throws Exception {
        service = new StandInHealthService(0, Optional.empty());
        service.start();
        cache = new StatusCache(dataDir, new CacheTtl(Duration.ofMinutes(30), Duration.ofMinutes(10),
                Duration.ofMinutes(5)), 1000);
    }

    @AfterEach
    void tearDown() throws Exception {
        service.close();
        cache.close();
    }

    private StatusResolver resolver(Strategy strategy) throws Exception {
        return new StatusResolver(new HttpVerifyClient(service.baseUrl(), Optional.empty()), cache, s -> "p:" + s,
                subject -> Optional.ofNullable(riskList.get(subject)), BUDGET, strategy, clock);
    }

    private VerifyRequest request() {
        return new VerifyRequest(CODE, "t-01", "library", "north", clock.instant());
    }

    @Test
    void cacheFirstAnswersFromAFreshCacheAndRefreshesInTheBackground() throws Exception {
        service.register(CODE, HealthStatus.GREEN, SUBJECT, Duration.ofHours(1));
        try (StatusResolver resolver = resolver(Strategy.CACHE_FIRST)) {
            assertEquals(Source.ONLINE, resolver.resolve(request(), Optional.of(SUBJECT)).source(), "nothing cached yet");
            long asked = service.requestCount();
            service.register(CODE, HealthStatus.RED, SUBJECT, Duration.ofHours(1));
            service.setDelay(Duration.ofMillis(1500)); // far beyond the budget: only a background call waits for it

            Resolution cached = resolver.resolve(request(), Optional.of(SUBJECT));

            assertEquals(Source.CACHE, cached.source());
            assertEquals(HealthStatus.GREEN, cached.status());
            assertEquals(0, cached.serviceMicros(), "the scan did not wait for the service");
            Await.until("the background refresh stored red", Duration.ofSeconds(10),
                    () -> freshStatus() == HealthStatus.RED);
            assertEquals(asked + 1, service.requestCount(), "one refresh");
            assertEquals(HealthStatus.RED, resolver.resolve(request(), Optional.of(SUBJECT)).status());
        }
    }

    @Test
    void aBackgroundRefreshWaitsUntilTheScanThatAskedForItIsDone() throws Exception {
        service.register(CODE, HealthStatus.GREEN, SUBJECT, Duration.ofHours(1));
        try (StatusResolver resolver = resolver(Strategy.CACHE_FIRST)) {
            resolver.resolve(request(), Optional.of(SUBJECT));
            long asked = service.requestCount();

            long scannedNanos = System.nanoTime();
            assertEquals(Source.CACHE, resolver.resolve(request(), Optional.of(SUBJECT)).source());
            Await.until("the background refresh reached the service", Duration.ofSeconds(10),
                    () -> service.requestCount() > asked);
            long waitedNanos = System.nanoTime() - scannedNanos;

            assertTrue(waitedNanos >= StatusResolver.REFRESH_DELAY.toNanos(), "the refresh reached the service "
                    + waitedNanos / 1_000 + " us after the scan, while its commit and relay could still run");
        }
    }

    private HealthStatus freshStatus() {
        try {
            return cache.fresh("p:" + SUBJECT, clock.instant()).map(CachedStatus::status).orElse(null);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void onlineFirstAsksTheServiceEvenWithAFreshCache() throws Exception {
        service.register(CODE, HealthStatus.GREEN, SUBJECT, Duration.ofHours(1));
        try (StatusResolver resolver = resolver(Strategy.ONLINE_FIRST)) {
            resolver.resolve(request(), Optional.of(SUBJECT));
            service.register(CODE, HealthStatus.RED, SUBJECT, Duration.ofHours(1));

            Resolution resolution = resolver.resolve(request(), Optional.of(SUBJECT));

            assertEquals(Source.ONLINE, resolution.source());
            assertEquals(HealthStatus.RED, resolution.status());
            assertEquals(2, service.requestCount());
        }
    }

    @Test
    void aListedPersonIsRefusedOverACachedGreenWithTheServiceDown() throws Exception {
        service.register(CODE, HealthStatus.GREEN, SUBJECT, Duration.ofHours(1));
        Instant issued = clock.instant().minusSeconds(90);
        try (StatusResolver resolver = resolver(Strategy.CACHE_FIRST)) {
            resolver.resolve(request(), Optional.of(SUBJECT));
            service.close();
            riskList.put(SUBJECT, new RiskCheck.Listing(HealthStatus.RED, issued));

            Resolution resolution = resolver.resolve(request(), Optional.of(SUBJECT));

            assertEquals(HealthStatus.RED, resolution.status());
            assertEquals(Source.RISKLIST, resolution.source());
            assertEquals(Optional.of(90L), resolution.ageSeconds(clock.instant()), "the status is as old as the list");
        }
    }

    @Test
    void theListOverridesAnOnlineGreenForACodeWithoutASubject() throws Exception {
        service.register("https://hc.example/c/opaque", HealthStatus.GREEN, SUBJECT, Duration.ofHours(1));
        riskList.put(SUBJECT, new RiskCheck.Listing(HealthStatus.YELLOW, clock.instant()));
        try (StatusResolver resolver = resolver(Strategy.ONLINE_FIRST)) {
            Resolution resolution = resolver.resolve(
                    new VerifyRequest("https://hc.example/c/opaque", "t-01", "library", "north", clock.instant()),
                    Optional.empty());

            assertEquals(HealthStatus.YELLOW, resolution.status());
            assertEquals(Source.RISKLIST, resolution.source());
            assertEquals("p:" + SUBJECT, resolution.pseudonym());
        }
    }

    @Test
    void theServicesRedStandsOverAYellowListing() throws Exception {
        service.register(CODE, HealthStatus.RED, SUBJECT, Duration.ofHours(1));
        try (StatusResolver resolver = resolver(Strategy.ONLINE_FIRST)) {
            resolver.resolve(request(), Optional.empty()); // learn nothing about the list yet
            riskList.put(SUBJECT, new RiskCheck.Listing(HealthStatus.YELLOW, clock.instant()));
            Resolution resolution = resolver.resolve(request(), Optional.empty());
            assertEquals(HealthStatus.RED, resolution.status());
            assertEquals(Source.ONLINE, resolution.source());
        }
    }

    @Test
    void eachColourHasItsOwnTtlAndAStaleGreenIsOfferedAsLastKnown() throws Exception {
        service.register(CODE, HealthStatus.GREEN, SUBJECT, Duration.ofDays(1));
        try (StatusResolver resolver = resolver(Strategy.ONLINE_FIRST)) {
            resolver.resolve(request(), Optional.of(SUBJECT));
            service.setFailure(503);
            clock.advance(Duration.ofMinutes(20));
            assertEquals(Source.CACHE, resolver.resolve(request(), Optional.of(SUBJECT)).source(),
                    "green lives 30 minutes");
            clock.advance(Duration.ofMinutes(11));

            Resolution stale = resolver.resolve(request(), Optional.of(SUBJECT));

            assertEquals(Resolution.STATUS_UNAVAILABLE, stale.reason());
            assertEquals(HealthStatus.GREEN, stale.lastKnown().status());
            assertNull(stale.statusAt());
        }
    }

    @Test
    void aRedLivesOnlyItsOwnTtl() throws Exception {
        service.register(CODE, HealthStatus.RED, SUBJECT, Duration.ofDays(1));
        try (StatusResolver resolver = resolver(Strategy.ONLINE_FIRST)) {
            resolver.resolve(request(), Optional.of(SUBJECT));
            service.setFailure(503);
            clock.advance(Duration.ofMinutes(6));
            assertEquals(Resolution.STATUS_UNAVAILABLE, resolver.resolve(request(), Optional.of(SUBJECT)).reason(),
                    "red lives 5 minutes");
        }
    }

    @Test
    void lastServiceSuccessMovesOnlyWhenTheServiceAnswers() throws Exception {
        try (StatusResolver resolver = resolver(Strategy.ONLINE_FIRST)) {
            assertTrue(resolver.lastServiceSuccess().isEmpty());
            resolver.resolve(request(), Optional.empty()); // 404: the service answered
            Instant answered = clock.instant();
            clock.advance(Duration.ofMinutes(1));
            service.setFailure(500);
            resolver.resolve(request(), Optional.empty());
            assertEquals(Optional.of(answered), resolver.lastServiceSuccess());
        }
    }
}
