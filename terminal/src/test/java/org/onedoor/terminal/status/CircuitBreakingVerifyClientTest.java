package org.onedoor.terminal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.standin.StandInHealthService;

/** The breaker in front of a real HTTP client and the stand-in service. */
class CircuitBreakingVerifyClientTest {

    private static final String CODE = "HC1:scan";
    private static final int FAULTS_TO_OPEN = 3;
    private static final Duration FIRST_PROBE = Duration.ofMillis(50);
    private static final Duration PROBE_CAP = Duration.ofMillis(200);
    /** Generous: the first exchange loads the HTTP client's classes, slow on a loaded machine. */
    private static final Duration BUDGET = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private StandInHealthService service;
    private CircuitBreakingVerifyClient client;

    @BeforeEach
    void start() throws IOException {
        service = new StandInHealthService(0, Optional.empty());
        service.register(CODE, HealthStatus.GREEN, "someone", Duration.ofHours(1));
        service.start();
        client = breakerOver(service.baseUrl(), Optional.empty());
    }

    @AfterEach
    void stop() {
        client.close();
        service.close();
    }

    private static CircuitBreakingVerifyClient breakerOver(URI url, Optional<Path> tokenFile) throws IOException {
        return new CircuitBreakingVerifyClient(new HttpVerifyClient(url, tokenFile), FAULTS_TO_OPEN, FIRST_PROBE,
                PROBE_CAP, Clock.systemUTC());
    }

    private static VerifyRequest request(String code) {
        return new VerifyRequest(code, "t-01", "library", "north", Instant.now());
    }

    @Test
    void aHundredScansAgainstAFailingServiceCostTheThresholdAndTheProbes() {
        service.setFailure(500);
        long started = System.nanoTime();
        List<VerifyOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            outcomes.add(client.verify(request(CODE), BUDGET));
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        for (int i = 0; i < 100; i++) {
            VerifyOutcome expected = i < FAULTS_TO_OPEN ? new VerifyOutcome.Failed("http 500")
                    : CircuitBreakingVerifyClient.BREAKER_OPEN;
            assertEquals(expected, outcomes.get(i), "scan " + i);
        }
        assertTrue(client.isOpen());
        assertEquals(FAULTS_TO_OPEN, service.requestCount(CODE), "only the first scans reached the service");
        Await.until("a probe asks", Duration.ofSeconds(5),
                () -> service.requestCount(CircuitBreakingVerifyClient.PROBE_CODE) >= 2);
        client.close();
        Await.until("every request is a scan or a probe", Duration.ofSeconds(5), () -> service.requestCount()
                == FAULTS_TO_OPEN + service.requestCount(CircuitBreakingVerifyClient.PROBE_CODE));
        long probes = service.requestCount(CircuitBreakingVerifyClient.PROBE_CODE);
        long sinceOpenMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("breaker: 100 scans in %d ms; %d requests to the service: %d scans + %d probes in %d ms%n",
                elapsedMs, service.requestCount(), FAULTS_TO_OPEN, probes, sinceOpenMs);
        assertTrue(probes <= 1 + sinceOpenMs / FIRST_PROBE.toMillis(), "probes are spaced: " + probes);
    }

    @Test
    void aHungServiceCostsTheBudgetThresholdTimesThenNothing() {
        service.hang(true);
        Duration budget = Duration.ofMillis(100);
        long[] costMicros = new long[20];
        for (int i = 0; i < costMicros.length; i++) {
            long started = System.nanoTime();
            VerifyOutcome outcome = client.verify(request(CODE), budget);
            costMicros[i] = (System.nanoTime() - started) / 1_000;
            assertEquals(i < FAULTS_TO_OPEN ? new VerifyOutcome.Failed("timeout")
                    : CircuitBreakingVerifyClient.BREAKER_OPEN, outcome, "scan " + i);
        }

        long[] open = Arrays.copyOfRange(costMicros, FAULTS_TO_OPEN, costMicros.length);
        Arrays.sort(open);
        System.out.printf("hung service, budget 100 ms: the first %d scans took %d, %d, %d us; "
                        + "with the breaker open a scan takes %d us (median), %d us (max)%n", FAULTS_TO_OPEN,
                costMicros[0], costMicros[1], costMicros[2], open[open.length / 2], open[open.length - 1]);
        for (int i = 0; i < FAULTS_TO_OPEN; i++) {
            assertTrue(costMicros[i] >= 95_000, "a timeout costs the budget: " + costMicros[i] + " us");
        }
        assertTrue(open[open.length - 1] < 50_000, "an open breaker answers at once: " + open[open.length - 1]);
    }

    @Test
    void itClosesOnItsOwnWhenTheServiceComesBack() {
        service.setFailure(503);
        for (int i = 0; i < FAULTS_TO_OPEN; i++) {
            client.verify(request(CODE), BUDGET);
        }
        assertTrue(client.isOpen());
        Await.until("a probe fails", Duration.ofSeconds(5),
                () -> service.requestCount(CircuitBreakingVerifyClient.PROBE_CODE) >= 1);
        assertTrue(client.isOpen(), "a 503 to the probe keeps it open");
        Instant back = Instant.now();

        service.setFailure(0);

        long started = System.nanoTime();
        Await.until("the breaker closes", Duration.ofSeconds(5), () -> !client.isOpen());
        System.out.printf("breaker closed %d ms after the service came back (probes every %d..%d ms)%n",
                (System.nanoTime() - started) / 1_000_000, FIRST_PROBE.toMillis(), PROBE_CAP.toMillis());
        assertFalse(client.lastSuccess().orElseThrow().isBefore(back), "the probe's 404 is a success");
        assertInstanceOf(VerifyOutcome.Verified.class, client.verify(request(CODE), BUDGET));
    }

    @Test
    void aClosedPortOpensItAndItStaysOpen() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (CircuitBreakingVerifyClient toNowhere = breakerOver(closed, Optional.empty())) {
            for (int i = 0; i < FAULTS_TO_OPEN; i++) {
                assertEquals(new VerifyOutcome.Failed("connection refused"), toNowhere.verify(request(CODE), BUDGET));
            }
            assertEquals(CircuitBreakingVerifyClient.BREAKER_OPEN, toNowhere.verify(request(CODE), BUDGET));
            assertTrue(toNowhere.isOpen());
            assertEquals(Optional.empty(), toNowhere.lastSuccess());
        }
    }

    @Test
    void garbageOpensIt() {
        service.setGarbage(true);
        for (int i = 0; i < FAULTS_TO_OPEN; i++) {
            assertEquals(new VerifyOutcome.Failed("bad json"), client.verify(request(CODE), BUDGET));
        }
        assertTrue(client.isOpen());
    }

    @Test
    void tooManyRequestsOpensIt() {
        service.setFailure(429);
        for (int i = 0; i < FAULTS_TO_OPEN; i++) {
            client.verify(request(CODE), BUDGET);
        }
        assertTrue(client.isOpen(), "429 asks the terminal to back off");
    }

    @Test
    void unknownCodesAndRefusalsLeaveItClosed() {
        for (int i = 0; i < 10; i++) {
            assertInstanceOf(VerifyOutcome.UnknownCode.class, client.verify(request("HC1:nobody"), BUDGET));
        }
        service.setFailure(403);
        for (int i = 0; i < 10; i++) {
            assertEquals(new VerifyOutcome.Failed("http 403"), client.verify(request(CODE), BUDGET));
        }
        assertFalse(client.isOpen(), "a service that answers is alive");
        assertEquals(20, service.requestCount());
    }

    @Test
    void onlyAUsableAnswerCountsAsASuccess() {
        assertEquals(Optional.empty(), client.lastSuccess());
        service.setFailure(401);
        client.verify(request(CODE), BUDGET);
        assertEquals(Optional.empty(), client.lastSuccess(), "a refusal is not a success");

        service.setFailure(0);
        Instant before = Instant.now();
        client.verify(request(CODE), BUDGET);
        Instant verified = client.lastSuccess().orElseThrow();
        assertFalse(verified.isBefore(before));
    }

    @Test
    void anAnswerBetweenFaultsStartsTheCountAgain() {
        for (int round = 0; round < 5; round++) {
            service.setFailure(500);
            for (int i = 0; i < FAULTS_TO_OPEN - 1; i++) {
                client.verify(request(CODE), BUDGET);
            }
            service.setFailure(0);
            assertInstanceOf(VerifyOutcome.Verified.class, client.verify(request(CODE), BUDGET));
        }
        assertFalse(client.isOpen());
    }

    @Test
    void theProbeSpeaksForTheTerminalWithTheProbeCode() throws Exception {
        try (CannedHttpServer canned = new CannedHttpServer();
             CircuitBreakingVerifyClient toCanned = breakerOver(canned.baseUrl(), Optional.of(tokenFile()))) {
            canned.answer(502, "");
            for (int i = 0; i < FAULTS_TO_OPEN; i++) {
                toCanned.verify(request(CODE), BUDGET);
            }
            canned.answer(404, "");
            Await.until("the breaker closes", Duration.ofSeconds(5), () -> !toCanned.isOpen());

            CannedHttpServer.Received probe = canned.received().get(FAULTS_TO_OPEN);
            String body = probe.body();
            assertTrue(body.contains("\"code\":\"" + CircuitBreakingVerifyClient.PROBE_CODE + "\""), body);
            assertTrue(body.contains("\"terminal\":\"t-01\""), body);
            assertEquals("Bearer probe-token", probe.headers().getFirst("Authorization"));
        }
    }

    @Test
    void aClientThatThrowsDoesNotEndTheProbes() {
        AtomicInteger calls = new AtomicInteger();
        VerifyClient buggy = (req, budget) -> switch (calls.incrementAndGet()) {
            case 1, 2, 3 -> new VerifyOutcome.Failed("timeout");
            case 4 -> throw new IllegalStateException("a bug in the client");
            default -> new VerifyOutcome.UnknownCode();
        };
        try (CircuitBreakingVerifyClient guarded =
                     new CircuitBreakingVerifyClient(buggy, FAULTS_TO_OPEN, FIRST_PROBE, PROBE_CAP, Clock.systemUTC())) {
            for (int i = 0; i < FAULTS_TO_OPEN; i++) {
                guarded.verify(request(CODE), BUDGET);
            }
            assertTrue(guarded.isOpen());

            Await.until("the probe after the throwing one closes the breaker", Duration.ofSeconds(5),
                    () -> !guarded.isOpen());
            assertEquals(FAULTS_TO_OPEN + 2, calls.get());
        }
    }

    private Path tokenFile() throws IOException {
        return Files.writeString(dir.resolve("token"), "probe-token");
    }
}
