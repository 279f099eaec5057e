package org.onedoor.terminal.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.onedoor.terminal.config.TerminalConfig.Strategy;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.InProcessGate;

/**
 * Decision latency of online-first against cache-first when the service takes 200 ms: the real daemon in this
 * JVM, a simulated scanner, the stand-in service on 127.0.0.1, simulated GPIO. A venue's repeat visitors are
 * modelled as {@code people} badges scanned in turn, {@code scans} scans in all, so every badge is seen
 * {@code scans / people} times. The time is from the frame handed to the lane to the relay and lamps written.
 *
 * <p>Not a test: run it with {@code -Pbench} (docs/performance.md). Arguments: scans (default 1000), people
 * (default 100), service delay in ms (default 200).
 */
public final class StrategyLatencyBenchmark {

    public static void main(String[] args) throws Exception {
        int scans = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int people = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int delayMs = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        System.out.printf("decision latency, service answering in %d ms, %d scans of %d people%n", delayMs, scans,
                people);
        System.out.printf("%-13s %10s %10s %10s %10s%n", "strategy", "p50 ms", "p99 ms", "max ms", "requests");
        for (Strategy strategy : Strategy.values()) {
            run(strategy, scans, people, delayMs);
        }
    }

    private static void run(Strategy strategy, int scans, int people, int delayMs) throws Exception {
        Path dir = Files.createTempDirectory("onedoor-bench-");
        try (StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            for (int p = 0; p < people; p++) {
                service.register(badge(p), HealthStatus.GREEN, "subject-" + p, Duration.ofDays(1));
            }
            service.setDelay(Duration.ofMillis(delayMs));
            service.start();
            InProcessGate gate = new InProcessGate().healthService(service.port())
                    .health(h -> h.withStrategy(strategy).withBudgetMs(Math.max(1000, delayMs * 3)));
            long[] micros = new long[scans];
            try (Daemon daemon = gate.start(dir, null, false)) {
                for (int i = 0; i < scans; i++) {
                    byte[] frame = badge(i % people).getBytes(StandardCharsets.UTF_8);
                    long started = System.nanoTime();
                    gate.scanner().inject(frame);
                    micros[i] = (System.nanoTime() - started) / 1000;
                }
                long online = daemon.lanes().get(0).counters().outcomes().getOrDefault("granted:green", 0L);
                Arrays.sort(micros);
                System.out.printf("%-13s %10.1f %10.1f %10.1f %10d%n", strategy.wireName(), micros[scans / 2] / 1e3,
                        micros[(int) Math.ceil(scans * 0.99) - 1] / 1e3, micros[scans - 1] / 1e3,
                        service.requestCount());
                if (online != scans) {
                    throw new IllegalStateException("expected " + scans + " grants, got " + online);
                }
            }
        }
    }

    /** A staff badge with the holder's id in it: the kind of code a cache can answer. */
    private static String badge(int person) {
        return String.format("CB:STAFF%08d", person);
    }
}
