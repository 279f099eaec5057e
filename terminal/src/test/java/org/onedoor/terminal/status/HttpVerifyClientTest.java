package org.onedoor.terminal.status;

import org.onedoor.drivers.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.onedoor.terminal.standin.StandInHealthService;

class HttpVerifyClientTest {

    private static final String TOKEN = "stand-in-token-42";
    private static final Duration BUDGET = Duration.ofMillis(800);

    @TempDir
    Path dir;

    private StandInHealthService service;
    private HttpVerifyClient client;

    @BeforeEach
    void startService() throws IOException {
        service = new StandInHealthService(0, Optional.of(TOKEN));
        service.start();
        client = new HttpVerifyClient(service.baseUrl(), Optional.of(tokenFile(TOKEN + "\n")));
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    private Path tokenFile(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "token", ".txt"), content);
    }

    private static VerifyRequest request(String code) {
        return new VerifyRequest(code, "t-01", "library", "north", Instant.parse("2024-03-01T08:00:00Z"));
    }

    @ParameterizedTest
    @EnumSource(value = HealthStatus.class, names = {"GREEN", "YELLOW", "RED"})
    void verifiesEachColourWithSubjectAndValidity(HealthStatus colour) {
        service.register("HC1:" + colour, colour, "subject-" + colour, Duration.ofHours(1));
        Instant asked = Instant.now();

        VerifyOutcome outcome = client.verify(request("HC1:" + colour), BUDGET);

        VerifyOutcome.Verified verified = assertInstanceOf(VerifyOutcome.Verified.class, outcome);
        assertEquals(colour, verified.status());
        assertEquals("subject-" + colour, verified.subject());
        Instant expected = asked.plus(Duration.ofHours(1));
        assertTrue(Duration.between(expected, verified.validUntil()).abs().toSeconds() < 5, verified.toString());
    }

    @Test
    void unknownCodeIsUnknown() {
        assertInstanceOf(VerifyOutcome.UnknownCode.class, client.verify(request("HC1:never-seen"), BUDGET));
    }

    @Test
    void expiredCodeIsUnknown() {
        service.register("HC1:old", HealthStatus.GREEN, "someone", Duration.ZERO);
        assertInstanceOf(VerifyOutcome.UnknownCode.class, client.verify(request("HC1:old"), BUDGET));
    }

    @Test
    void serverErrorIsAFailure() {
        service.setFailure(500);
        assertEquals(new VerifyOutcome.Failed("http 500"), timed("http 500", "HC1:x", BUDGET));
    }

    @Test
    void garbageIsAFailure() {
        service.setGarbage(true);
        assertEquals(new VerifyOutcome.Failed("bad json"), timed("garbage body", "HC1:x", BUDGET));
    }

    @Test
    void hungServiceCostsTheBudgetAndNoMore() {
        service.hang(true);
        Duration budget = Duration.ofMillis(300);
        long started = System.nanoTime();

        VerifyOutcome outcome = client.verify(request("HC1:x"), budget);

        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        System.out.println("hung service: verify returned after " + elapsedMs + " ms (budget 300 ms)");
        assertEquals(new VerifyOutcome.Failed("timeout"), outcome);
        assertTrue(elapsedMs >= 290 && elapsedMs < 300 + 250, "elapsed " + elapsedMs + " ms");
    }

    @Test
    void slowButInBudgetIsAnswered() {
        service.register("HC1:slow", HealthStatus.GREEN, "slow-one", Duration.ofHours(1));
        service.setDelay(Duration.ofMillis(100));
        assertInstanceOf(VerifyOutcome.Verified.class, timed("latency 100 ms, budget 800 ms", "HC1:slow", BUDGET));
    }

    @Test
    void slowerThanTheBudgetIsATimeout() {
        service.register("HC1:slow", HealthStatus.GREEN, "slow-one", Duration.ofHours(1));
        service.setDelay(Duration.ofMillis(400));
        assertEquals(new VerifyOutcome.Failed("timeout"),
                timed("latency 400 ms, budget 200 ms", "HC1:slow", Duration.ofMillis(200)));
    }

    @Test
    void closedPortIsAFailure() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        HttpVerifyClient toNowhere = new HttpVerifyClient(closed, Optional.empty());
        toNowhere.verify(request("HC1:warm-up"), BUDGET); // the client's first use loads its classes

        long started = System.nanoTime();
        VerifyOutcome outcome = toNowhere.verify(request("HC1:x"), BUDGET);
        System.out.printf("closed port: %s after %.1f ms%n", outcome, (System.nanoTime() - started) / 1e6);
        assertEquals(new VerifyOutcome.Failed("connection refused"), outcome);
    }

    @Test
    void fiftySequentialCallsUseOneConnection() {
        service.register("HC1:ok", HealthStatus.GREEN, "someone", Duration.ofHours(1));
        for (int i = 0; i < 50; i++) {
            assertInstanceOf(VerifyOutcome.Verified.class, client.verify(request("HC1:ok"), BUDGET));
        }
        assertEquals(50, service.requestCount());
        assertEquals(1, service.connectionCount());
    }

    @Test
    void aKeptAliveConnectionTheServiceDroppedIsAskedAgainOnANewOne() throws IOException {
        try (DroppingKeepAliveServer server = new DroppingKeepAliveServer()) {
            HttpVerifyClient toServer = new HttpVerifyClient(server.baseUrl(), Optional.empty());
            assertInstanceOf(VerifyOutcome.UnknownCode.class, toServer.verify(request("HC1:one"), BUDGET));

            assertInstanceOf(VerifyOutcome.UnknownCode.class, toServer.verify(request("HC1:two"), BUDGET));
            assertEquals(2, server.connections());
            assertEquals(3, server.requests(), "the dropped request was sent again");
        }
    }

    @Test
    void aTimedOutExchangeDoesNotSpoilTheNextOne() {
        service.register("HC1:ok", HealthStatus.GREEN, "someone", Duration.ofHours(1));
        service.setDelay(Duration.ofMillis(300));
        assertEquals(new VerifyOutcome.Failed("timeout"), client.verify(request("HC1:ok"), Duration.ofMillis(100)));

        service.setDelay(Duration.ZERO);
        assertInstanceOf(VerifyOutcome.Verified.class, client.verify(request("HC1:ok"), BUDGET),
                "the late answer to the cancelled exchange is not taken for this one");
    }

    @Test
    void wrongTokenIsRefused() throws IOException {
        service.register("HC1:ok", HealthStatus.GREEN, "someone", Duration.ofHours(1));
        HttpVerifyClient wrong = new HttpVerifyClient(service.baseUrl(), Optional.of(tokenFile("not-the-token")));
        assertEquals(new VerifyOutcome.Failed("http 401"), wrong.verify(request("HC1:ok"), BUDGET));
    }

    @Test
    void theTokenIsNeverLogged() throws IOException {
        service.register("HC1:ok", HealthStatus.GREEN, "someone", Duration.ofHours(1));
        String wrongToken = "wrong-token-7c1d";
        String log = capturingStandardError(() -> {
            client.verify(request("HC1:ok"), BUDGET);
            new HttpVerifyClient(service.baseUrl(), Optional.of(tokenFile(wrongToken))).verify(request("HC1:ok"), BUDGET);
            service.setFailure(500);
            client.verify(request("HC1:ok"), BUDGET);
            service.hang(true);
            client.verify(request("HC1:ok"), Duration.ofMillis(50));
            IOException refused = assertThrows(IOException.class, () -> new HttpVerifyClient(service.baseUrl(),
                    Optional.of(tokenFile(wrongToken + "\u0007" + wrongToken))));
            assertFalse(refused.getMessage().contains(wrongToken), refused.getMessage());
        });
        assertTrue(log.contains("http 401") && log.contains("timeout"), "the failures were logged: " + log);
        assertFalse(log.contains(TOKEN) || log.contains(wrongToken), log);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** What this thread's logging wrote while {@code action} ran (TinyLog writes standard error at once). */
    private static String capturingStandardError(IoAction action) throws IOException {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }

    /** Asks about {@code code} and prints how long the answer took, labelled with the case. */
    private VerifyOutcome timed(String label, String code, Duration budget) {
        client.verify(request("HC1:warm-up"), BUDGET); // the first exchange opens the connection
        long started = System.nanoTime();
        VerifyOutcome outcome = client.verify(request(code), budget);
        System.out.printf("%-32s %-28s %7.1f ms%n", label + ":", outcome, (System.nanoTime() - started) / 1e6);
        return outcome;
    }

    @Test
    void missingTokenIsRefused() throws IOException {
        service.register("HC1:ok", HealthStatus.GREEN, "someone", Duration.ofHours(1));
        HttpVerifyClient anonymous = new HttpVerifyClient(service.baseUrl(), Optional.empty());
        assertEquals(new VerifyOutcome.Failed("http 401"), anonymous.verify(request("HC1:ok"), BUDGET));
    }

    @Test
    void unreadableTokenFileIsNamed() {
        Path missing = dir.resolve("no-such-token");
        IOException e = assertThrows(IOException.class, () -> new HttpVerifyClient(service.baseUrl(), Optional.of(missing)));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void emptyTokenFileIsRefused() throws IOException {
        Path blank = tokenFile("  \n");
        IOException e = assertThrows(IOException.class, () -> new HttpVerifyClient(service.baseUrl(), Optional.of(blank)));
        assertTrue(e.getMessage().contains(blank.toString()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 129, 500})
    void subjectOfBadLengthIsAFailure(int length) {
        service.register("HC1:long", HealthStatus.GREEN, "s".repeat(length), Duration.ofHours(1));
        assertEquals(new VerifyOutcome.Failed("bad subject"), client.verify(request("HC1:long"), BUDGET));
    }

    @Test
    void subjectOfMaximumLengthIsAccepted() {
        service.register("HC1:max", HealthStatus.GREEN, "s".repeat(128), Duration.ofHours(1));
        assertInstanceOf(VerifyOutcome.Verified.class, client.verify(request("HC1:max"), BUDGET));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab\u0000cd", "ab\ncd", "ab\u007fcd", "ab\u0085cd"})
    void subjectWithControlCharactersIsAFailure(String subject) {
        service.register("HC1:ctl", HealthStatus.GREEN, subject, Duration.ofHours(1));
        assertEquals(new VerifyOutcome.Failed("bad subject"), client.verify(request("HC1:ctl"), BUDGET));
    }

    @Test
    void sendsTheContractRequest() throws Exception {
        try (CannedHttpServer canned = new CannedHttpServer()) {
            canned.answer(404, "");
            URI withSlash = URI.create(canned.baseUrl() + "/");
            HttpVerifyClient toCanned = new HttpVerifyClient(withSlash, Optional.of(tokenFile(TOKEN)));

            toCanned.verify(new VerifyRequest("HC1:abc", "t-01", "library", "north",
                    Instant.parse("2024-03-01T08:00:00Z")), BUDGET);

            CannedHttpServer.Received sent = canned.received().get(0);
            assertEquals("POST", sent.method());
            assertEquals("/v1/verify", sent.path());
            assertEquals("Bearer " + TOKEN, sent.headers().getFirst("Authorization"));
            assertEquals("application/json", sent.headers().getFirst("Content-Type"));
            JsonNode body = new ObjectMapper().readTree(sent.body());
            assertEquals("HC1:abc", body.get("code").textValue());
            assertEquals("t-01", body.get("terminal").textValue());
            assertEquals("library", body.get("venue").textValue());
            assertEquals("north", body.get("entrance").textValue());
            assertEquals("2024-03-01T08:00:00.000Z", body.get("scanned_at").textValue());
        }
    }

    @Test
    void sendsNoAuthorizationWithoutToken() throws Exception {
        try (CannedHttpServer canned = new CannedHttpServer()) {
            canned.answer(404, "");
            new HttpVerifyClient(canned.baseUrl(), Optional.empty()).verify(request("HC1:abc"), BUDGET);
            assertEquals(null, canned.received().get(0).headers().getFirst("Authorization"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"status\":\"blue\",\"subject\":\"s\",\"valid_until\":\"2030-01-01T00:00:00Z\"}",
        "{\"status\":\"unknown\",\"subject\":\"s\",\"valid_until\":\"2030-01-01T00:00:00Z\"}",
        "{\"status\":\"GREEN\",\"subject\":\"s\",\"valid_until\":\"2030-01-01T00:00:00Z\"}",
        "{\"status\":1,\"subject\":\"s\",\"valid_until\":\"2030-01-01T00:00:00Z\"}",
        "{\"subject\":\"s\",\"valid_until\":\"2030-01-01T00:00:00Z\"}",
    })
    void badStatusIsAFailure(String body) throws Exception {
        assertEquals(new VerifyOutcome.Failed("bad status"), verifyAgainstCanned(200, body));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"status\":\"green\",\"subject\":42,\"valid_until\":\"2030-01-01T00:00:00Z\"}",
        "{\"status\":\"green\",\"valid_until\":\"2030-01-01T00:00:00Z\"}",
        "{\"status\":\"green\",\"subject\":null,\"valid_until\":\"2030-01-01T00:00:00Z\"}",
    })
    void missingSubjectIsAFailure(String body) throws Exception {
        assertEquals(new VerifyOutcome.Failed("bad subject"), verifyAgainstCanned(200, body));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"status\":\"green\",\"subject\":\"s\",\"valid_until\":\"2030-01-01T00:00:00\"}",
        "{\"status\":\"green\",\"subject\":\"s\",\"valid_until\":\"tomorrow\"}",
        "{\"status\":\"green\",\"subject\":\"s\",\"valid_until\":1893456000}",
        "{\"status\":\"green\",\"subject\":\"s\"}",
    })
    void badValidUntilIsAFailure(String body) throws Exception {
        assertEquals(new VerifyOutcome.Failed("bad valid_until"), verifyAgainstCanned(200, body));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[]",
        "\"green\"",
        "{\"status\":\"green\",\"status\":\"red\",\"subject\":\"s\",\"valid_until\":\"2030-01-01T00:00:00Z\"}",
        "{\"status\":\"green\",\"subject\":\"s\",\"valid_until\":\"2030-01-01T00:00:00Z\"} trailing",
        "{\"status\":\"green\"",
    })
    void malformedJsonIsAFailure(String body) throws Exception {
        assertEquals(new VerifyOutcome.Failed("bad json"), verifyAgainstCanned(200, body));
    }

    @Test
    void validUntilWithOffsetIsUnderstood() throws Exception {
        VerifyOutcome outcome = verifyAgainstCanned(200,
                "{\"status\":\"yellow\",\"subject\":\"s\",\"valid_until\":\"2030-01-01T08:00:00.250+08:00\",\"extra\":1}");
        assertEquals(new VerifyOutcome.Verified(HealthStatus.YELLOW, "s", Instant.parse("2030-01-01T00:00:00.250Z")),
                outcome);
    }

    @ParameterizedTest
    @ValueSource(ints = {201, 204, 301, 400, 403, 429, 503})
    void otherStatusCodesAreFailures(int code) throws Exception {
        assertEquals(new VerifyOutcome.Failed("http " + code), verifyAgainstCanned(code, ""));
    }

    @Test
    void hugeBodyIsCutOffNotRead() throws Exception {
        try (CannedHttpServer canned = new CannedHttpServer()) {
            long oneGiB = 1L << 30;
            canned.streamBody(oneGiB);
            HttpVerifyClient toCanned = new HttpVerifyClient(canned.baseUrl(), Optional.empty());

            VerifyOutcome outcome = toCanned.verify(request("HC1:x"), Duration.ofSeconds(5));

            assertEquals(new VerifyOutcome.Failed("body too large"), outcome);
            Await.until("the server notices the client hung up", Duration.ofSeconds(5), canned::streamBroken);
            System.out.println("huge body: server wrote " + canned.bytesStreamed() + " bytes before the client hung up");
            assertTrue(canned.bytesStreamed() < oneGiB / 8, "bytes streamed " + canned.bytesStreamed());
        }
    }

    @Test
    void nonPositiveBudgetIsABug() {
        assertThrows(IllegalArgumentException.class, () -> client.verify(request("HC1:x"), Duration.ZERO));
    }

    private VerifyOutcome verifyAgainstCanned(int status, String body) throws IOException {
        try (CannedHttpServer canned = new CannedHttpServer()) {
            canned.answer(status, body);
            return new HttpVerifyClient(canned.baseUrl(), Optional.empty()).verify(request("HC1:x"), BUDGET);
        }
    }
}
