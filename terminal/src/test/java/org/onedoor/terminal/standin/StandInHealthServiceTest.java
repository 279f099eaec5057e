package org.onedoor.terminal.standin;

import org.onedoor.drivers.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.status.HttpVerifyClient;
import org.onedoor.terminal.status.VerifyOutcome;
import org.onedoor.terminal.status.VerifyRequest;
import org.onedoor.terminal.testing.TestPki;

class StandInHealthServiceTest {

    private static final Duration BUDGET = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private static VerifyRequest request(String code) {
        return new VerifyRequest(code, "t-01", "library", "north", Instant.now());
    }

    @Test
    void servesTheRegistryFromAFile() throws Exception {
        Path registry = Files.writeString(dir.resolve("codes.json"), """
                [{"code": "HC1:green", "status": "green", "subject": "g-1", "valid_for_s": 3600},
                 {"code": "HC1:red", "status": "red", "subject": "r-1", "valid_for_s": 60}]
                """);
        Path tokenFile = Files.writeString(dir.resolve("token"), "file-token");
        try (StandInHealthService service = StandInHealthService.fromFile(registry, 0, Optional.of("file-token"))) {
            service.start();
            HttpVerifyClient client = new HttpVerifyClient(service.baseUrl(), Optional.of(tokenFile));

            VerifyOutcome.Verified red =
                    assertInstanceOf(VerifyOutcome.Verified.class, client.verify(request("HC1:red"), BUDGET));
            assertEquals(HealthStatus.RED, red.status());
            assertEquals("r-1", red.subject());
            assertInstanceOf(VerifyOutcome.UnknownCode.class, client.verify(request("HC1:blue"), BUDGET));
            assertEquals(2, service.requestCount());
        }
    }

    @Test
    void malformedRegistryFileIsNamed() throws IOException {
        Path registry = Files.writeString(dir.resolve("bad.json"),
                "[{\"code\": \"HC1:x\", \"status\": \"purple\", \"subject\": \"s\", \"valid_for_s\": 1}]");
        IOException e = assertThrows(IOException.class,
                () -> StandInHealthService.fromFile(registry, 0, Optional.empty()));
        assertTrue(e.getMessage().contains(registry.toString()), e.getMessage());
    }

    @Test
    void delayIsHonoured() throws Exception {
        try (StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            service.start();
            service.register("HC1:x", HealthStatus.GREEN, "s", Duration.ofMinutes(1));
            service.setDelay(Duration.ofMillis(200));
            HttpVerifyClient client = new HttpVerifyClient(service.baseUrl(), Optional.empty());

            long started = System.nanoTime();
            assertInstanceOf(VerifyOutcome.Verified.class, client.verify(request("HC1:x"), BUDGET));
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(200));
        }
    }

    @Test
    void hungRequestIsAnsweredOnceReleased() throws Exception {
        try (StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            service.start();
            service.register("HC1:x", HealthStatus.YELLOW, "s", Duration.ofMinutes(1));
            service.hang(true);
            HttpVerifyClient client = new HttpVerifyClient(service.baseUrl(), Optional.empty());

            CompletableFuture<VerifyOutcome> answer =
                    CompletableFuture.supplyAsync(() -> client.verify(request("HC1:x"), Duration.ofSeconds(10)));
            Await.until("the request reaches the stand-in", Duration.ofSeconds(5), () -> service.requestCount() == 1);
            assertTrue(!answer.isDone(), "no answer while hung");
            service.hang(false);

            assertInstanceOf(VerifyOutcome.Verified.class, answer.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void answersOnlyPostToTheVerifyPath() throws Exception {
        try (StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            service.start();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<Void> get = http.send(HttpRequest.newBuilder(service.baseUrl().resolve("/v1/verify")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(405, get.statusCode());
        }
    }

    @Test
    void countsRequestsPerCodeAndClientConnections() throws Exception {
        try (StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            service.start();
            service.register("HC1:x", HealthStatus.GREEN, "s", Duration.ofMinutes(1));
            HttpVerifyClient first = new HttpVerifyClient(service.baseUrl(), Optional.empty());
            HttpVerifyClient second = new HttpVerifyClient(service.baseUrl(), Optional.empty());

            for (int i = 0; i < 3; i++) {
                first.verify(request("HC1:x"), BUDGET);
            }
            second.verify(request("HC1:y"), BUDGET);

            assertEquals(4, service.requestCount());
            assertEquals(3, service.requestCount("HC1:x"));
            assertEquals(1, service.requestCount("HC1:y"));
            assertEquals(0, service.requestCount("HC1:z"));
            assertEquals(2, service.connectionCount(), "one kept-alive connection per client");
        }
    }

    @Test
    void servesHttpsWithTheGivenKeyStore() throws Exception {
        TestPki.Issued pki = TestPki.shared();
        try (StandInHealthService service =
                     StandInHealthService.https(0, Optional.empty(), pki.serverKeyStore(), pki.password())) {
            service.start();
            service.register("HC1:x", HealthStatus.RED, "s", Duration.ofMinutes(1));
            assertEquals("https", service.baseUrl().getScheme());

            HttpVerifyClient client = new HttpVerifyClient(service.baseUrl(), Optional.empty(), Optional.of(pki.caPem()));
            VerifyOutcome.Verified red =
                    assertInstanceOf(VerifyOutcome.Verified.class, client.verify(request("HC1:x"), BUDGET));
            assertEquals(HealthStatus.RED, red.status());
        }
    }

    @Test
    void anUnusableKeyStoreIsNamed() throws IOException {
        Path notAKeyStore = Files.writeString(dir.resolve("server.p12"), "not a key store");
        IOException e = assertThrows(IOException.class,
                () -> StandInHealthService.https(0, Optional.empty(), notAKeyStore, "x".toCharArray()));
        assertTrue(e.getMessage().contains(notAKeyStore.toString()), e.getMessage());
    }

    @Test
    void closingAnUnstartedServiceFreesThePort() throws Exception {
        StandInHealthService never = new StandInHealthService(0, Optional.empty());
        int port = never.port();
        never.close();
        try (StandInHealthService again = new StandInHealthService(port, Optional.empty())) {
            assertEquals(port, again.port());
        }
    }

    @Test
    void failureStatusMustBeAnHttpStatus() throws Exception {
        try (StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            assertThrows(IllegalArgumentException.class, () -> service.setFailure(42));
            assertThrows(IllegalArgumentException.class,
                    () -> service.register("HC1:x", HealthStatus.UNKNOWN, "s", Duration.ofMinutes(1)));
        }
    }
}
