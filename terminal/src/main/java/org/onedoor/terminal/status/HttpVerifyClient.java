package org.onedoor.terminal.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.onedoor.terminal.tls.PemTls;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.tinylog.Logger;

/**
 * The verify service over HTTP ({@code POST {url}/v1/verify}, see docs/health-service.md).
 *
 * <p>One {@link HttpClient} for the life of the terminal, so that connections (and their TLS
 * sessions) are reused; HTTP/1.1 because the service is a plain REST endpoint and h2c upgrade
 * attempts only cost a round trip. Logs carry status codes, body lengths and latencies only: never
 * the code, the subject or the token.
 */
public final class HttpVerifyClient implements VerifyClient {

    /** More than any honest answer needs (about 200 bytes); a bigger body is a service failure. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private static final String IO_ERROR = "io error";
    private static final byte[] SAMPLE_ANSWER = "{\"status\":\"green\",\"subject\":\"warm-up\",\"valid_until\":\"2000-01-01T00:00:00Z\"}"
            .getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final HttpClient http;
    private final URI endpoint;
    private final Optional<String> bearerToken;
    /** Keyed by the failure's kind: a service down fails every scan the same way. */
    private final RepeatLimiter repeats = new RepeatLimiter();

    /** A client that trusts the JDK's CA list for https. */
    public HttpVerifyClient(URI baseUrl, Optional<Path> tokenFile) throws IOException {
        this(baseUrl, tokenFile, Optional.empty());
    }

    /**
     * @param baseUrl   the service's base URL, {@code [health] url}; {@code /v1/verify} is appended
     * @param tokenFile where the bearer token is, read once now; empty when the service needs none
     * @param caFile    PEM certificates that alone are trusted for https, read once now; empty to
     *                  trust the JDK's CA list. Host names are verified either way
     * @throws IOException naming the file when the token or CA file cannot be used
     */
    public HttpVerifyClient(URI baseUrl, Optional<Path> tokenFile, Optional<Path> caFile) throws IOException {
        this.endpoint = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/v1/verify");
        this.bearerToken = tokenFile.isPresent() ? Optional.of(readToken(tokenFile.get())) : Optional.empty();
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER); // a redirect would carry the token elsewhere
        if (caFile.isPresent()) {
            // Only that CA: a certificate any public CA issued for the service's name is not enough.
            builder.sslContext(PemTls.context(caFile, Optional.empty(), Optional.empty()));
        }
        this.http = builder.build();
    }

    private static String readToken(Path file) throws IOException {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IOException("cannot read health token file " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
        if (token.isEmpty()) {
            throw new IOException("health token file " + file + " is empty");
        }
        if (token.chars().anyMatch(Character::isISOControl)) {
            throw new IOException("health token file " + file + " holds control characters");
        }
        return token;
    }

    @Override
    public VerifyOutcome verify(VerifyRequest req, Duration budget) {
        if (budget.isZero() || budget.isNegative()) {
            throw new IllegalArgumentException("budget must be positive: " + budget);
        }
        long started = System.nanoTime();
        VerifyOutcome outcome = exchange(buildRequest(req, budget), started + budget.toNanos());
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        if (outcome instanceof VerifyOutcome.Failed failed) {
            repeats.admit(failed.why()).ifPresent(held -> Logger.warn("verify failed: {} after {} ms (budget {} ms){}",
                    failed.why(), elapsedMs, budget.toMillis(), held));
        }
        return outcome;
    }

    /** Also reads a made-up answer, so that the first real one does not pay for loading the JSON reader. */
    @Override
    public VerifyOutcome warmUp(VerifyRequest probe, Duration timeout) {
        VerifyResponseParser.parse(SAMPLE_ANSWER);
        return verify(probe, timeout);
    }

    private HttpRequest buildRequest(VerifyRequest req, Duration budget) {
        // The request timeout is a second line of defence: it also stops the exchange inside the
        // client when the caller's get() has already given up and cancelled.
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .timeout(budget)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(requestBody(req)));
        bearerToken.ifPresent(token -> builder.header("Authorization", "Bearer " + token));
        return builder.build();
    }

    private static byte[] requestBody(VerifyRequest req) {
        ObjectNode body = JSON.createObjectNode()
                .put(req.form().field(), req.code())
                .put("terminal", req.terminal())
                .put("venue", req.venue())
                .put("entrance", req.entrance())
                .put("scanned_at", UTC_MILLIS.format(req.scannedAt()));
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sends and waits no later than {@code deadlineNanos}; a late answer is cancelled, not awaited.
     *
     * <p>A connection that ends before any answer is usually a kept-alive one the service closed
     * just as the request went out; the HTTP client does not resend a POST on its own. The verify
     * call only reads, so it is asked once more, on a new connection, within the same deadline.
     */
    private VerifyOutcome exchange(HttpRequest request, long deadlineNanos) {
        Attempt first = attempt(request, deadlineNanos);
        if (!first.droppedBeforeAnswer() || System.nanoTime() - deadlineNanos >= 0) {
            return first.outcome();
        }
        Logger.debug("verify: connection closed before an answer; asking again");
        return attempt(request, deadlineNanos).outcome();
    }

    private record Attempt(VerifyOutcome outcome, boolean droppedBeforeAnswer) {
        static Attempt of(VerifyOutcome outcome) {
            return new Attempt(outcome, false);
        }
    }

    private Attempt attempt(HttpRequest request, long deadlineNanos) {
        long started = System.nanoTime();
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture<HttpResponse<byte[]>> pending = http.sendAsync(request, info -> {
            answered.set(true);
            return new CappedBodySubscriber(MAX_BODY_BYTES);
        });
        try {
            HttpResponse<byte[]> response = pending.get(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
            Logger.debug("verify: http {}, {} body bytes, {} ms", response.statusCode(), response.body().length,
                    (System.nanoTime() - started) / 1_000_000);
            return Attempt.of(interpret(response));
        } catch (TimeoutException e) {
            pending.cancel(true);
            return Attempt.of(new VerifyOutcome.Failed("timeout"));
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return Attempt.of(new VerifyOutcome.Failed("interrupted"));
        } catch (ExecutionException e) {
            String why = describe(e.getCause());
            return new Attempt(new VerifyOutcome.Failed(why), IO_ERROR.equals(why) && !answered.get());
        }
    }

    private static VerifyOutcome interpret(HttpResponse<byte[]> response) {
        return switch (response.statusCode()) {
            case 200 -> VerifyResponseParser.parse(response.body());
            case 404 -> new VerifyOutcome.UnknownCode();
            default -> new VerifyOutcome.Failed("http " + response.statusCode());
        };
    }

    /** A fixed word for a transport failure; exception messages are not used, they may quote the peer. */
    private static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpTimeoutException) {
                return "timeout";
            }
            if (cause instanceof SSLException) {
                return "tls";
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof CappedBodySubscriber.BodyTooLargeException) {
                return "body too large";
            }
        }
        return failure instanceof IOException ? IO_ERROR : "client error";
    }
}
