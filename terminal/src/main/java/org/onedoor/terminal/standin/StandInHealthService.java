package org.onedoor.terminal.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.onedoor.terminal.status.HealthStatus;

/**
 * A verify service on 127.0.0.1 that speaks the contract of docs/health-service.md, over http or
 * https, for the {@code demo} command and for end-to-end tests. It answers from a registry of codes
 * and can be told to misbehave: be slow, fail, talk garbage or hang.
 *
 * <p>Knobs apply to every request in this order: hang, delay, failure status, garbage; then the
 * bearer token is checked (401), then the code is looked up (404 when unknown or expired). A request of the
 * ID form carries {@code "id_number"} instead of {@code "code"}; the numbers are a registry of their own,
 * and the subject answered for one is the number itself.
 */
public final class StandInHealthService implements AutoCloseable {
    static {
        // The JDK server writes the response head and body separately without TCP_NODELAY, and the
        // client's delayed ACK then holds every answer for ~40 ms: a stand-in that slow would hide
        // the terminal's own latency. Read once, when the first server is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }


    private static final int MAX_REQUEST_BYTES = 16 * 1024;
    private static final int WORKER_THREADS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A registered code; a non-positive {@code validFor} makes it known but expired. */
    private record Registration(HealthStatus status, String subject, Duration validFor) {
        boolean isExpired() {
            return validFor.isZero() || validFor.isNegative();
        }
    }

    private record Answer(int status, String contentType, byte[] body) {
        static Answer text(int status, String text) {
            return new Answer(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Optional<String> token;
    private final HttpServer server;
    private final String scheme;
    private final ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS);
    private final Map<String, Registration> registry = new ConcurrentHashMap<>();
    private final Map<String, Registration> idNumbers = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final Map<String, AtomicLong> requestsByCode = new ConcurrentHashMap<>();
    private final Set<InetSocketAddress> clientEnds = ConcurrentHashMap.newKeySet();
    private final Object hangLock = new Object();
    private boolean hanging; // guarded by hangLock
    private boolean closed; // guarded by hangLock
    private boolean started; // guarded by hangLock
    private volatile Duration delay = Duration.ZERO;
    private volatile int failureStatus;
    private volatile boolean garbage;

    /**
     * Binds 127.0.0.1:{@code port} now (0 picks a free port, see {@link #port()}); serves after {@link #start()}.
     *
     * @param token the bearer token every request must carry; empty to accept any request
     */
    public StandInHealthService(int port, Optional<String> token) throws IOException {
        this(port, token, Optional.empty());
    }

    private StandInHealthService(int port, Optional<String> token, Optional<SSLContext> tls) throws IOException {
        this.token = Objects.requireNonNull(token, "token");
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
        if (tls.isPresent()) {
            HttpsServer https = HttpsServer.create(address, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
            this.server = https;
            this.scheme = "https";
        } else {
            this.server = HttpServer.create(address, 16);
            this.scheme = "http";
        }
        server.createContext("/v1/verify", this::handle);
        server.setExecutor(workers);
    }

    /**
     * A stand-in serving https with the key and certificate chain of a PKCS#12 key store (one key
     * entry), so that tests can exercise the terminal's certificate checks.
     */
    public static StandInHealthService https(int port, Optional<String> token, Path keyStore, char[] password)
            throws IOException {
        return new StandInHealthService(port, token, Optional.of(serverContext(keyStore, password)));
    }

    private static SSLContext serverContext(Path keyStore, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IOException("stand-in key store " + keyStore + " is unusable (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    /**
     * A stand-in whose registry is read from a JSON array of
     * {@code {"code": "…", "status": "green", "subject": "…", "valid_for_s": 3600}}.
     */
    public static StandInHealthService fromFile(Path json, int port, Optional<String> token) throws IOException {
        List<JsonNode> entries = readEntries(json);
        StandInHealthService service = new StandInHealthService(port, token);
        for (JsonNode entry : entries) {
            service.register(entry.get("code").textValue(),
                    HealthStatus.fromServiceWire(entry.get("status").textValue()).orElseThrow(),
                    entry.get("subject").textValue(), Duration.ofSeconds(entry.get("valid_for_s").longValue()));
        }
        return service;
    }

    private static List<JsonNode> readEntries(Path json) throws IOException {
        JsonNode root = JSON.readTree(json.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException("stand-in registry " + json + " is not a JSON array");
        }
        List<JsonNode> entries = new ArrayList<>();
        for (JsonNode entry : root) {
            if (!isWellFormedEntry(entry)) {
                throw new IOException("stand-in registry " + json + ": entry " + entries.size()
                        + " needs code, subject (strings), status (green|yellow|red) and valid_for_s (integer)");
            }
            entries.add(entry);
        }
        return entries;
    }

    private static boolean isWellFormedEntry(JsonNode entry) {
        return entry.path("code").isTextual() && entry.path("subject").isTextual()
                && entry.path("valid_for_s").canConvertToLong() && entry.path("valid_for_s").isIntegralNumber()
                && HealthStatus.fromServiceWire(entry.path("status").asText()).isPresent();
    }

    /**
     * Makes {@code code} known: each answer is valid for {@code validFor} from the moment it is given,
     * so a long-running stand-in never runs dry. A zero or negative {@code validFor} registers an
     * expired code, answered 404. The subject is sent as given, unchecked, so tests can send bad ones.
     */
    public void register(String code, HealthStatus status, String subject, Duration validFor) {
        if (status == HealthStatus.UNKNOWN) {
            throw new IllegalArgumentException("the service answers green, yellow or red only");
        }
        registry.put(Objects.requireNonNull(code, "code"), new Registration(status, Objects.requireNonNull(subject),
                Objects.requireNonNull(validFor)));
    }

    /** Makes a person known by ID number, as {@link #register} does a code; the subject answered is the number. */
    public void registerIdNumber(String idNumber, HealthStatus status, Duration validFor) {
        if (status == HealthStatus.UNKNOWN) {
            throw new IllegalArgumentException("the service answers green, yellow or red only");
        }
        idNumbers.put(Objects.requireNonNull(idNumber, "idNumber"), new Registration(status, idNumber,
                Objects.requireNonNull(validFor)));
    }

    public void start() {
        synchronized (hangLock) {
            started = true;
            server.start();
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL to configure as {@code [health] url}. */
    public URI baseUrl() {
        return URI.create(scheme + "://127.0.0.1:" + port());
    }

    /** Waits this long before answering each request. */
    public void setDelay(Duration delay) {
        this.delay = Objects.requireNonNull(delay);
    }

    /** Answers every request with this HTTP status; 0 goes back to answering normally. */
    public void setFailure(int httpStatus) {
        if (httpStatus != 0 && (httpStatus < 100 || httpStatus > 599)) {
            throw new IllegalArgumentException("not an HTTP status: " + httpStatus);
        }
        this.failureStatus = httpStatus;
    }

    /** Answers every request with 200 and a body that is not JSON. */
    public void setGarbage(boolean garbage) {
        this.garbage = garbage;
    }

    /** While true, requests get no answer at all; setting it false (or closing) lets them go on. */
    public void hang(boolean hang) {
        synchronized (hangLock) {
            hanging = hang;
            hangLock.notifyAll();
        }
    }

    /** How many requests reached the verify endpoint and were read, answered or not. */
    public long requestCount() {
        return requests.get();
    }

    /** How many of those asked about {@code code} (or about the ID number {@code code}). */
    public long requestCount(String code) {
        AtomicLong count = requestsByCode.get(code);
        return count == null ? 0 : count.get();
    }

    /** How many client connections carried a request, told apart by the client's address and port. */
    public int connectionCount() {
        return clientEnds.size();
    }

    /** Stops listening at once, releasing hung requests; the port is free afterwards. */
    @Override
    public void close() {
        synchronized (hangLock) {
            closed = true;
            hangLock.notifyAll();
            // The JDK server releases its listening socket from its dispatcher thread: stopping a
            // server that never started leaves the port accepting connections nobody answers.
            if (!started) {
                server.start();
            }
        }
        server.stop(0);
        workers.shutdownNow();
        try {
            workers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            clientEnds.add(exchange.getRemoteAddress());
            byte[] requestBody = readCapped(exchange.getRequestBody());
            Optional<Asked> code = askedOf(requestBody);
            code.ifPresent(c -> requestsByCode.computeIfAbsent(c.value(), k -> new AtomicLong()).incrementAndGet());
            requests.incrementAndGet(); // after the per-code count, so that it never lags behind it
            waitWhileHanging();
            Thread.sleep(delay.toMillis());
            send(exchange, answer(exchange, requestBody == null, code));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: drop the exchange unanswered
        }
    }

    private void waitWhileHanging() throws InterruptedException {
        synchronized (hangLock) {
            while (hanging && !closed) {
                hangLock.wait();
            }
        }
    }

    private Answer answer(HttpExchange exchange, boolean tooLarge, Optional<Asked> code) {
        if (failureStatus != 0) {
            return Answer.text(failureStatus, "stand-in told to fail");
        }
        if (garbage) {
            return Answer.text(200, "<html>this is not the JSON you are looking for");
        }
        if (!"POST".equals(exchange.getRequestMethod()) || !"/v1/verify".equals(exchange.getRequestURI().getPath())) {
            return Answer.text(405, "POST /v1/verify only");
        }
        if (!isAuthorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return Answer.text(401, "bearer token required");
        }
        if (tooLarge) {
            return Answer.text(413, "request too large");
        }
        return lookUp(code);
    }

    private boolean isAuthorized(String authorization) {
        if (token.isEmpty()) {
            return true;
        }
        byte[] expected = ("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8);
        byte[] given = authorization == null ? new byte[0] : authorization.getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }

    /** What a request asks about: a code, or an ID number. */
    private record Asked(String value, boolean idNumber) {
    }

    /**
     * The request's code or ID number, when its body is JSON with exactly one of a string {@code code} and a
     * string {@code id_number}; null is a body too large.
     */
    private static Optional<Asked> askedOf(byte[] requestBody) {
        if (requestBody == null) {
            return Optional.empty();
        }
        try {
            JsonNode body = JSON.readTree(requestBody);
            JsonNode code = body.path("code");
            JsonNode idNumber = body.path("id_number");
            if (code.isTextual() == idNumber.isTextual()) {
                return Optional.empty();
            }
            return Optional.of(code.isTextual() ? new Asked(code.textValue(), false)
                    : new Asked(idNumber.textValue(), true));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Answer lookUp(Optional<Asked> asked) {
        if (asked.isEmpty()) {
            return Answer.text(400, "body is not JSON or has not exactly one of code and id_number");
        }
        Registration registration = (asked.get().idNumber() ? idNumbers : registry).get(asked.get().value());
        if (registration == null || registration.isExpired()) {
            return Answer.text(404, "unknown or expired code");
        }
        return verified(registration);
    }

    private static Answer verified(Registration registration) {
        String body = JSON.createObjectNode()
                .put("status", registration.status().wireName())
                .put("subject", registration.subject())
                .put("valid_until", Instant.now().plus(registration.validFor()).toString())
                .toString();
        return new Answer(200, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    /** The request body, or null when it is larger than the stand-in accepts. */
    private static byte[] readCapped(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        return body.length > MAX_REQUEST_BYTES ? null : body;
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        exchange.getResponseBody().write(answer.body());
    }
}
