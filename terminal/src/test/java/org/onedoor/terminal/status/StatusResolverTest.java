package org.onedoor.terminal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.testing.SettableClock;

class StatusResolverTest {

    private static final Duration BUDGET = Duration.ofMillis(400);
    private static final Duration TTL = Duration.ofMinutes(30);

    @TempDir
    Path dataDir;

    private final SettableClock clock = new SettableClock(Instant.now());
    private StandInHealthService service;
    private StatusCache cache;
    private StatusResolver resolver;

    @BeforeEach
    void setUp() throws Exception {
        service = new StandInHealthService(0, Optional.empty());
        service.start();
        cache = new StatusCache(dataDir, TTL);
        resolver = new StatusResolver(new HttpVerifyClient(service.baseUrl(), Optional.empty()), cache,
                StatusResolverTest::pseudonym, BUDGET, clock);
    }

    @AfterEach
    void tearDown() throws Exception {
        service.close();
        cache.close();
    }

    /** What the terminal's pseudonymizer does: a keyed hash, hex. */
    private static String pseudonym(String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("test-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(subject.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private VerifyRequest request(String code) {
        return new VerifyRequest(code, "t-01", "library", "north", clock.instant());
    }

    @Test
    void onlineAnswerIsReturnedAndCached() throws Exception {
        service.register("HC1:alice", HealthStatus.GREEN, "alice-id", Duration.ofHours(1));

        Resolution resolution = resolver.resolve(request("HC1:alice"), Optional.empty());

        assertEquals(HealthStatus.GREEN, resolution.status());
        assertEquals(Source.ONLINE, resolution.source());
        assertNull(resolution.reason());
        assertEquals(pseudonym("alice-id"), resolution.pseudonym());
        assertTrue(resolution.validUntil().isAfter(Instant.now().plus(Duration.ofMinutes(59))));
        assertTrue(resolution.serviceMicros() > 0);
        assertEquals(HealthStatus.GREEN, cache.fresh(pseudonym("alice-id"), clock.instant()).orElseThrow().status());
    }

    @Test
    void subjectFromTheCodeKeysTheCache() throws Exception {
        service.register("HC1:bob", HealthStatus.YELLOW, "service-view-of-bob", Duration.ofHours(1));

        Resolution resolution = resolver.resolve(request("HC1:bob"), Optional.of("bob-in-code"));

        assertEquals(pseudonym("bob-in-code"), resolution.pseudonym());
        assertTrue(cache.fresh(pseudonym("bob-in-code"), clock.instant()).isPresent());
        assertTrue(cache.fresh(pseudonym("service-view-of-bob"), clock.instant()).isEmpty());
    }

    @Test
    void serviceDownFallsBackToAFreshCachedGreen() {
        service.register("HC1:carol", HealthStatus.GREEN, "carol-id", Duration.ofHours(1));
        Resolution online = resolver.resolve(request("HC1:carol"), Optional.of("carol-id"));
        service.setFailure(503);
        clock.advance(Duration.ofMinutes(5));

        Resolution resolution = resolver.resolve(request("HC1:carol"), Optional.of("carol-id"));

        assertEquals(new Resolution(HealthStatus.GREEN, Source.CACHE, null, pseudonym("carol-id"),
                online.validUntil().truncatedTo(ChronoUnit.MILLIS), resolution.serviceMicros(),
                online.statusAt().truncatedTo(ChronoUnit.MILLIS), null), resolution);
        assertEquals(Optional.of(300L), resolution.ageSeconds(clock.instant()), "the status is five minutes old");
    }

    @Test
    void stoppedServiceFallsBackToTheCacheToo() {
        service.register("HC1:carol", HealthStatus.RED, "carol-id", Duration.ofHours(1));
        resolver.resolve(request("HC1:carol"), Optional.of("carol-id"));
        service.close();

        Resolution resolution = resolver.resolve(request("HC1:carol"), Optional.of("carol-id"));

        assertEquals(HealthStatus.RED, resolution.status());
        assertEquals(Source.CACHE, resolution.source());
    }

    @Test
    void staleCacheDoesNotStandIn() {
        service.register("HC1:dan", HealthStatus.GREEN, "dan-id", Duration.ofHours(1));
        resolver.resolve(request("HC1:dan"), Optional.of("dan-id"));
        service.setFailure(500);
        clock.advance(TTL);

        Resolution resolution = resolver.resolve(request("HC1:dan"), Optional.of("dan-id"));

        assertEquals(HealthStatus.UNKNOWN, resolution.status());
        assertEquals(Resolution.STATUS_UNAVAILABLE, resolution.reason());
    }

    @Test
    void serviceDownWithoutCacheIsUnavailable() {
        service.setFailure(500);

        Resolution resolution = resolver.resolve(request("HC1:erin"), Optional.of("erin-id"));

        assertEquals(new Resolution(HealthStatus.UNKNOWN, Source.NONE, Resolution.STATUS_UNAVAILABLE,
                pseudonym("erin-id"), null, resolution.serviceMicros(), null, null), resolution);
    }

    @Test
    void cacheIsNotUsedWithoutASubjectInTheCode() {
        service.register("HC1:fay", HealthStatus.GREEN, "fay-id", Duration.ofHours(1));
        resolver.resolve(request("HC1:fay"), Optional.empty());
        service.setGarbage(true);

        Resolution resolution = resolver.resolve(request("HC1:fay"), Optional.empty());

        assertEquals(new Resolution(HealthStatus.UNKNOWN, Source.NONE, Resolution.STATUS_UNAVAILABLE, null, null,
                resolution.serviceMicros(), null, null), resolution);
    }

    @Test
    void hungServiceIsUnavailableWithinTheBudget() {
        service.hang(true);

        Resolution resolution = resolver.resolve(request("HC1:gus"), Optional.empty());

        long spentMs = resolution.serviceMicros() / 1000;
        System.out.println("hung service: resolve spent " + spentMs + " ms asking (budget 400 ms)");
        assertEquals(Resolution.STATUS_UNAVAILABLE, resolution.reason());
        assertTrue(spentMs >= BUDGET.toMillis() - 10 && spentMs < BUDGET.toMillis() + 250, spentMs + " ms");
    }

    @Test
    void unknownCodeIsRefusedWithItsReason() {
        Resolution withSubject = resolver.resolve(request("HC1:nobody"), Optional.of("nobody-id"));
        Resolution withoutSubject = resolver.resolve(request("HC1:nobody"), Optional.empty());

        assertEquals(new Resolution(HealthStatus.UNKNOWN, Source.NONE, Resolution.UNKNOWN_CODE,
                pseudonym("nobody-id"), null, withSubject.serviceMicros(), null, null), withSubject);
        assertEquals(new Resolution(HealthStatus.UNKNOWN, Source.NONE, Resolution.UNKNOWN_CODE, null, null,
                withoutSubject.serviceMicros(), null, null), withoutSubject);
    }

    @Test
    void unknownCodeIsNotAnsweredFromTheCache() {
        service.register("HC1:hal", HealthStatus.GREEN, "hal-id", Duration.ofHours(1));
        resolver.resolve(request("HC1:hal"), Optional.of("hal-id"));
        service.register("HC1:hal", HealthStatus.GREEN, "hal-id", Duration.ZERO);

        assertEquals(Resolution.UNKNOWN_CODE, resolver.resolve(request("HC1:hal"), Optional.of("hal-id")).reason());
    }

    @Test
    void throwingClientIsUnavailableNotAnException() {
        VerifyClient broken = (req, budget) -> {
            throw new IllegalStateException("bug");
        };
        StatusResolver withBrokenClient =
                new StatusResolver(broken, cache, StatusResolverTest::pseudonym, BUDGET, clock);

        assertEquals(Resolution.STATUS_UNAVAILABLE,
                withBrokenClient.resolve(request("HC1:x"), Optional.empty()).reason());
    }

    @Test
    void canaryReachesNeitherTheResolutionNorTheDataDirectory() throws Exception {
        String canary = "CANARY-7f3e9b21";
        String code = "HC1:" + canary + ":payload";
        String subject = "subject-" + canary;
        service.register(code, HealthStatus.GREEN, subject, Duration.ofHours(1));
        service.register("HC1:unknown-" + canary, HealthStatus.GREEN, subject, Duration.ZERO);
        Function<String, Resolution> resolveWithSubject = c -> resolver.resolve(request(c), Optional.of(subject));

        List<Resolution> resolutions = new ArrayList<>();
        resolutions.add(resolveWithSubject.apply(code));
        resolutions.add(resolver.resolve(request(code), Optional.empty()));
        resolutions.add(resolveWithSubject.apply("HC1:unknown-" + canary));
        service.setFailure(502);
        resolutions.add(resolveWithSubject.apply(code));
        assertEquals(Source.CACHE, resolutions.get(3).source(), "the cache path was exercised");

        for (Resolution resolution : resolutions) {
            assertNoCanary(canary, resolution);
        }
        assertNoCanaryInFiles(canary, "while open");
        cache.close();
        assertNoCanaryInFiles(canary, "after close");
    }

    private static void assertNoCanary(String canary, Resolution resolution) {
        for (Object field : new Object[] {resolution.status(), resolution.source(), resolution.reason(),
                resolution.pseudonym(), resolution.validUntil(), resolution.serviceMicros(), resolution}) {
            assertFalse(String.valueOf(field).contains(canary), "canary in " + field);
        }
    }

    private void assertNoCanaryInFiles(String canary, String when) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertFalse(files.isEmpty(), "the cache wrote files");
        byte[] needle = canary.getBytes(StandardCharsets.UTF_8);
        for (Path file : files) {
            assertFalse(contains(Files.readAllBytes(file), needle), "canary in " + file.getFileName() + " " + when);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
