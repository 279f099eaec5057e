package org.onedoor.terminal.status;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test server on 127.0.0.1 that answers with whatever a test sets, byte for byte, and records what it
 * was sent: for the hostile answers the stand-in service does not produce.
 */
final class CannedHttpServer implements AutoCloseable {

    record Received(String method, String path, Headers headers, String body, int remotePort) {
    }

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesStreamed = new AtomicLong();
    private final AtomicBoolean streamBroken = new AtomicBoolean();
    private volatile int status = 200;
    private volatile byte[] body = new byte[0];
    private volatile long streamLength;
    private volatile Duration trickleInterval;

    CannedHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 16);
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(int status, String body) {
        this.status = status;
        this.body = body.getBytes(StandardCharsets.UTF_8);
        this.streamLength = 0;
        this.trickleInterval = null;
    }

    /** Answers 200 with {@code body}, sending the headers at once and then one byte every {@code interval}. */
    void trickle(String body, Duration interval) {
        answer(200, body);
        this.trickleInterval = interval;
    }

    /** Answers 200 with a chunked body of {@code length} bytes of JSON-ish padding. */
    void streamBody(long length) {
        this.status = 200;
        this.streamLength = length;
    }

    List<Received> received() {
        return received;
    }

    long bytesStreamed() {
        return bytesStreamed.get();
    }

    /** True once the client has hung up on a streamed body. */
    boolean streamBroken() {
        return streamBroken.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), requestBody, exchange.getRemoteAddress().getPort()));
            if (streamLength > 0) {
                stream(exchange, streamLength);
            } else if (trickleInterval != null) {
                trickle(exchange, body, trickleInterval);
            } else {
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            }
        }
    }

    private void stream(HttpExchange exchange, long length) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        chunk[0] = '[';
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            for (long sent = 0; sent < length; sent += chunk.length) {
                out.write(chunk);
                bytesStreamed.addAndGet(chunk.length);
                chunk[0] = ' ';
            }
        } catch (IOException e) {
            streamBroken.set(true);
        }
    }

    /** Ends when the body is sent or the client has hung up. */
    private static void trickle(HttpExchange exchange, byte[] body, Duration interval) throws IOException {
        exchange.sendResponseHeaders(200, body.length);
        OutputStream out = exchange.getResponseBody();
        try {
            for (byte b : body) {
                out.write(b);
                out.flush();
                Thread.sleep(interval.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
