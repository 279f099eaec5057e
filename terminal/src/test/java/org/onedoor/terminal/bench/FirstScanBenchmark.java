package org.onedoor.terminal.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.onedoor.terminal.status.HttpVerifyClient;
import org.onedoor.terminal.status.VerifyRequest;

/**
 * The first person after a restart against the people after them: the service run as shipped ({@link ServiceGate},
 * {@code systemd/jvm.options}, the shipped {@code online-first} strategy and 300 ms budget), the stand-in service
 * answering every request after 20 ms. Each restart measures the first scan's frame end → relay written and the
 * median of the next scans, each a new person at an idle lane with the relay at rest; the ratio of the two is the
 * figure. When the shipped options name a class data archive, the same is measured again without it.
 * docs/performance.md gives the method.
 */
final class FirstScanBenchmark implements Benchmark {
    static final String NAME = "first-scan";
    private static final Duration SERVICE_DELAY = Duration.ofMillis(20);
    /** As in frame-to-relay: each scan meets an idle lane and a relay at rest. */
    private static final Duration LANE_IDLE = Duration.ofMillis(250);
    private static final Duration RELAY_REST = Duration.ofMillis(130);
    private static final Duration ACTUATION_TIMEOUT = Duration.ofSeconds(10);
    private static final int STAND_IN_WARM_UP = 200;
    private static final String ARCHIVE_OPTION = "-XX:SharedArchiveFile=";

    private record Sizes(int restarts, int following) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Figure> run(BenchOptions options) throws Exception {
        Sizes sizes = options.quick() ? new Sizes(3, 10) : new Sizes(10, 20);
        Path dir = Files.createDirectories(options.workDir().resolve(NAME));
        List<Figure> figures = new ArrayList<>();
        try (ServiceGate gate = new ServiceGate(dir, 2 * sizes.restarts() * (1 + sizes.following()), true)) {
            warmStandIn(gate);
            gate.service().setDelay(SERVICE_DELAY);
            String shipped = Files.readString(gate.jvmOptions(), StandardCharsets.UTF_8);
            Map<String, Object> base = new LinkedHashMap<>();
            base.put("jar", gate.jar().toString());
            base.put("service_delay_ms", SERVICE_DELAY.toMillis());
            base.put("strategy", "online-first, budget 300 ms (shipped)");
            base.put("restarts", sizes.restarts());
            base.put("following_scans", sizes.following());
            int[] person = {0};
            figures.addAll(series(gate, "", sizes, person, with(base, "jvm_options", "as shipped")));
            if (shipped.lines().anyMatch(l -> l.startsWith(ARCHIVE_OPTION))) {
                Files.writeString(gate.jvmOptions(), shipped.lines().filter(l -> !l.startsWith(ARCHIVE_OPTION))
                        .reduce("", (a, l) -> a + l + "\n"), StandardCharsets.UTF_8);
                figures.addAll(series(gate, "without class data archive, ", sizes, person,
                        with(base, "jvm_options", "as shipped less " + ARCHIVE_OPTION)));
                Files.writeString(gate.jvmOptions(), shipped, StandardCharsets.UTF_8);
            }
        }
        return figures;
    }

    /**
     * The stand-in runs in this JVM: its own first answers are slow, and would be counted against the daemon's first
     * scan of the first restart.
     */
    private static void warmStandIn(ServiceGate gate) throws Exception {
        HttpVerifyClient client = new HttpVerifyClient(gate.service().baseUrl(), Optional.empty());
        for (int i = 0; i < STAND_IN_WARM_UP; i++) {
            client.verify(new VerifyRequest("CB:WARMUP" + i, "t-bench", "bench-venue", "east", Instant.now()),
                    Duration.ofSeconds(5));
        }
    }

    private static List<Figure> series(ServiceGate gate, String label, Sizes sizes, int[] person,
                                       Map<String, Object> conditions) throws Exception {
        double[] ready = new double[sizes.restarts()];
        double[] first = new double[sizes.restarts()];
        double[] following = new double[sizes.restarts()];
        double[] ratio = new double[sizes.restarts()];
        int firstRefused = 0;
        for (int r = 0; r < sizes.restarts(); r++) {
            ready[r] = gate.startUntilReady() / 1e6;
            boolean[] refused = new boolean[1 + sizes.following()];
            try (TraceTail tail = new TraceTail(gate.trace())) {
                long[] nanos = new long[refused.length];
                long lastFrame = 0;
                for (int i = 0; i < nanos.length; i++) {
                    if (i > 0) {
                        LockSupport.parkNanos(lastFrame + LANE_IDLE.toNanos() - System.nanoTime());
                    }
                    tail.awaitRest(ServiceGate.RELAY_PIN, RELAY_REST, ACTUATION_TIMEOUT);
                    tail.awaitRest(ServiceGate.RED_PIN, Duration.ZERO, ACTUATION_TIMEOUT);
                    long atRest = System.nanoTime();
                    lastFrame = gate.sendBadge(person[0]++);
                    TraceTail.Activation moved = tail.awaitEither(ServiceGate.RELAY_PIN, ServiceGate.RED_PIN, atRest,
                            ACTUATION_TIMEOUT);
                    nanos[i] = moved.nanos() - lastFrame;
                    refused[i] = moved.pin() == ServiceGate.RED_PIN;
                }
                first[r] = nanos[0] / 1e6;
                following[r] = median(Arrays.stream(nanos, 1, nanos.length).mapToDouble(n -> n / 1e6).toArray());
                ratio[r] = first[r] / following[r];
            }
            gate.stopDaemon();
            firstRefused += refused[0] ? 1 : 0;
            System.out.printf("%s %srestart %d: READY %.0f ms, first scan %.1f ms%s, next %d median %.1f ms (%.2fx)%s%n",
                    FirstScanBenchmark.class.getSimpleName(), label, r + 1, ready[r], first[r],
                    refused[0] ? " REFUSED (red lamp)" : "", sizes.following(), following[r], ratio[r],
                    countOf(refused, 1) > 0 ? ", " + countOf(refused, 1) + " later scans refused" : "");
        }
        Map<String, Object> each = new LinkedHashMap<>(conditions);
        each.put("first_ms", Arrays.toString(first));
        each.put("following_median_ms", Arrays.toString(following));
        each.put("ready_ms", Arrays.toString(ready));
        each.put("latency", "frame end to relay on, or to red lamp on for a refused scan");
        return List.of(
                new Figure(NAME, label + "first scan, median of restarts", median(first), "ms", each),
                new Figure(NAME, label + "first scan, worst", max(first), "ms", each),
                new Figure(NAME, label + "first scans refused", firstRefused, "of " + sizes.restarts(), each),
                new Figure(NAME, label + "next scans, median", median(following), "ms", each),
                new Figure(NAME, label + "first / next median, median of restarts", median(ratio), "x", each),
                new Figure(NAME, label + "first / next median, worst", max(ratio), "x", each),
                new Figure(NAME, label + "start to READY, median", median(ready), "ms", each));
    }

    private static int countOf(boolean[] refused, int from) {
        int n = 0;
        for (int i = from; i < refused.length; i++) {
            n += refused[i] ? 1 : 0;
        }
        return n;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> conditions = new LinkedHashMap<>(base);
        conditions.put(key, value);
        return conditions;
    }
}
