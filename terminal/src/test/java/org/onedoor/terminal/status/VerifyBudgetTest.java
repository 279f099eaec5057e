package org.onedoor.terminal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.standin.StandInHealthService;

/**
 * A service that does not answer in time costs the budget and no more, however it fails to answer.
 * Each case measures the overshoot (elapsed minus budget) over many calls and prints it; the bound
 * asserted is generous, for a loaded test machine.
 */
class VerifyBudgetTest {

    private static final Duration BUDGET = Duration.ofMillis(30);
    private static final long BOUND_MS = BUDGET.toMillis() + 250;

    private static VerifyRequest request() {
        return new VerifyRequest("HC1:x", "t-01", "library", "north", Instant.now());
    }

    @Test
    void aServiceThatNeverAnswers() throws IOException {
        try (StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            service.start();
            service.hang(true);
            measure("no answer at all", service.baseUrl(), 100);
        }
    }

    @Test
    void aServiceThatAnswersTooLate() throws IOException {
        try (StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            service.register("HC1:x", HealthStatus.GREEN, "someone", Duration.ofHours(1));
            service.setDelay(BUDGET.multipliedBy(2));
            service.start();
            measure("answer at twice the budget", service.baseUrl(), 50);
        }
    }

    @Test
    void aServiceThatTricklesItsBody() throws IOException {
        try (CannedHttpServer canned = new CannedHttpServer()) {
            canned.trickle("{\"status\":\"green\",\"subject\":\"s\",\"valid_until\":\"2030-01-01T00:00:00Z\"}",
                    Duration.ofMillis(5));
            measure("headers, then a byte per 5 ms", canned.baseUrl(), 50);
        }
    }

    @Test
    void aServiceThatNeverAcceptsTheConnection() throws IOException {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = fillAcceptQueue(full);
            try {
                measure("connection never accepted", URI.create("http://127.0.0.1:" + full.getLocalPort()), 30);
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    /** Connects until the kernel's accept queue is full and further connects hang. */
    private static List<Socket> fillAcceptQueue(ServerSocket listener) throws IOException {
        List<Socket> queued = new ArrayList<>();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        while (queued.size() < 64) {
            Socket socket = new Socket();
            try {
                socket.connect(address, 200);
                queued.add(socket);
            } catch (SocketTimeoutException e) {
                socket.close();
                return queued;
            }
        }
        throw new AssertionError("the accept queue never filled");
    }

    private static void measure(String label, URI url, int calls) throws IOException {
        HttpVerifyClient client = new HttpVerifyClient(url, Optional.empty());
        client.verify(request(), BUDGET); // the client's first use loads its classes
        long[] overshootMicros = new long[calls];
        for (int i = 0; i < calls; i++) {
            long started = System.nanoTime();
            VerifyOutcome outcome = client.verify(request(), BUDGET);
            long elapsedMicros = (System.nanoTime() - started) / 1_000;
            assertEquals(new VerifyOutcome.Failed("timeout"), outcome, label + ", call " + i);
            assertTrue(elapsedMicros < BOUND_MS * 1_000, label + ": call " + i + " took " + elapsedMicros + " us");
            overshootMicros[i] = elapsedMicros - BUDGET.toMillis() * 1_000;
        }
        Arrays.sort(overshootMicros);
        System.out.printf("budget %d ms, %-30s over %3d calls, elapsed - budget: median %.2f ms, p99 %.2f ms, "
                        + "max %.2f ms%n", BUDGET.toMillis(), label + ",", calls, overshootMicros[calls / 2] / 1e3,
                overshootMicros[(int) Math.ceil(calls * 0.99) - 1] / 1e3, overshootMicros[calls - 1] / 1e3);
    }
}
