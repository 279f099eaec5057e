package org.onedoor.terminal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.testing.TestPki;

/** The verify client against the stand-in serving https with a certificate from a test CA. */
class VerifyTlsTest {

    private static final String TOKEN = "tls-token-51e0";
    /** Generous: the first exchange loads the HTTP and TLS classes, slow on a loaded machine. */
    private static final Duration BUDGET = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final TestPki.Issued pki = TestPki.shared();
    private StandInHealthService service;
    private Path tokenFile;

    @BeforeEach
    void start() throws IOException {
        service = StandInHealthService.https(0, Optional.of(TOKEN), pki.serverKeyStore(), pki.password());
        service.register("HC1:green", HealthStatus.GREEN, "someone", Duration.ofHours(1));
        service.start();
        tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
    }

    @AfterEach
    void stop() {
        service.close();
    }

    private static VerifyRequest request() {
        return new VerifyRequest("HC1:green", "t-01", "library", "north", Instant.now());
    }

    private VerifyOutcome verifyTrusting(URI url, Optional<Path> caFile) throws IOException {
        HttpVerifyClient client = new HttpVerifyClient(url, Optional.of(tokenFile), caFile);
        long started = System.nanoTime();
        VerifyOutcome outcome = client.verify(request(), BUDGET);
        System.out.printf("https, CA %s: %s after %.1f ms%n", caFile.map(p -> p.getFileName().toString())
                .orElse("(JDK default)"), outcome, (System.nanoTime() - started) / 1e6);
        return outcome;
    }

    @Test
    void theConfiguredCaIsTrustedAndOneConnectionServesEveryScan() throws IOException {
        HttpVerifyClient client = new HttpVerifyClient(service.baseUrl(), Optional.of(tokenFile), Optional.of(pki.caPem()));
        long[] micros = new long[50];
        for (int i = 0; i < micros.length; i++) {
            long started = System.nanoTime();
            assertInstanceOf(VerifyOutcome.Verified.class, client.verify(request(), BUDGET), "scan " + i);
            micros[i] = (System.nanoTime() - started) / 1_000;
        }

        assertEquals(1, service.connectionCount(), "one TLS handshake for 50 scans");
        long[] reused = Arrays.copyOfRange(micros, 1, micros.length);
        Arrays.sort(reused);
        System.out.printf("https: first scan (handshake, class loading) %.1f ms; then median %.2f ms, max %.2f ms%n",
                micros[0] / 1e3, reused[reused.length / 2] / 1e3, reused[reused.length - 1] / 1e3);
    }

    @Test
    void theJdkDefaultTrustRefusesTheTestCa() throws IOException {
        assertEquals(new VerifyOutcome.Failed("tls"), verifyTrusting(service.baseUrl(), Optional.empty()));
        assertEquals(0, service.requestCount(), "nothing, not even the token, reached the service");
    }

    @Test
    void aWrongCaIsRefused() throws IOException {
        assertEquals(new VerifyOutcome.Failed("tls"), verifyTrusting(service.baseUrl(), Optional.of(pki.unrelatedCaPem())));
        assertEquals(0, service.requestCount());
    }

    @Test
    void theRightCaAmongOthersIsEnough() throws IOException {
        Path both = dir.resolve("both.pem");
        Files.writeString(both, Files.readString(pki.unrelatedCaPem()) + Files.readString(pki.caPem()));
        assertInstanceOf(VerifyOutcome.Verified.class, verifyTrusting(service.baseUrl(), Optional.of(both)));
    }

    @Test
    void theHostNameIsStillVerified() throws IOException {
        URI otherName = URI.create("https://localhost:" + service.port()); // the certificate names 127.0.0.1 only
        assertEquals(new VerifyOutcome.Failed("tls"), verifyTrusting(otherName, Optional.of(pki.caPem())));
    }

    @Test
    void plainHttpSpokenToAnHttpsPortIsRefused() throws IOException {
        URI plain = URI.create("http://127.0.0.1:" + service.port());
        assertEquals(new VerifyOutcome.Failed("io error"), verifyTrusting(plain, Optional.of(pki.caPem())));
        assertEquals(0, service.requestCount());
    }

    @Test
    void anUnusableCaFileStopsStartUpNamingIt() throws IOException {
        Path missing = dir.resolve("missing.pem");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"),
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        for (Path file : new Path[] {missing, empty, garbage}) {
            IOException e = assertThrows(IOException.class,
                    () -> new HttpVerifyClient(service.baseUrl(), Optional.empty(), Optional.of(file)));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        }
    }
}
