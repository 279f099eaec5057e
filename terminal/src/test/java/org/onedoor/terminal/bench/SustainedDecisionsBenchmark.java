package org.onedoor.terminal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.MosquittoBroker;

/**
 * Decisions per second the real daemon process sustains with its ledger (shipped durability) and its MQTT outbox
 * on: one writer per lane sends badges back to back into the lane's pseudo-terminal, as fast as the pseudo-terminal
 * takes them, people whose green status is cached. The rate is read from the ledger over a fixed window after a
 * warm-up, and so is whether the publisher kept up.
 */
final class SustainedDecisionsBenchmark implements Benchmark {
    static final String NAME = "sustained-decisions";
    private static final int LANES = 4;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Figure> run(BenchOptions options) throws Exception {
        int people = options.quick() ? 200 : 2000;
        Duration warmUp = Duration.ofSeconds(options.quick() ? 4 : 15);
        Duration window = Duration.ofSeconds(options.quick() ? 6 : 30);
        Path dir = Files.createDirectories(options.workDir().resolve(NAME));
        try (MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY).start();
             StandInHealthService service = new StandInHealthService(0, Optional.of("bench"))) {
            byte[][] frames = new byte[people][];
            for (int p = 0; p < people; p++) {
                String subject = String.format("BENCH%08d", p);
                service.register("CB:" + subject, HealthStatus.GREEN, subject, Duration.ofDays(1));
                frames[p] = BenchGate.frame(("CB:" + subject).getBytes(StandardCharsets.US_ASCII));
            }
            service.start();
            try (BenchGate gate = new BenchGate(dir, LANES, service.port(), broker.url(), "strategy = \"cache-first\"",
                    "")) {
                AtomicBoolean feeding = new AtomicBoolean(true);
                List<Thread> writers = new ArrayList<>();
                for (int l = 0; l < LANES; l++) {
                    writers.add(writer(gate.lanes.get(l), frames, l, feeding));
                }
                try {
                    Thread.sleep(warmUp.toMillis()); // a fixed warm-up, not a wait for a condition
                    Snapshot start = Snapshot.take(gate);
                    Thread.sleep(window.toMillis());
                    Snapshot end = Snapshot.take(gate);
                    return figures(gate, start, end, Map.of("lanes", LANES, "people", people,
                            "warm_up_s", warmUp.toSeconds(), "window_s", window.toSeconds(),
                            "strategy", "cache-first", "durability", "power-safe (shipped)", "mqtt_max_rate", "unlimited"));
                } finally {
                    feeding.set(false);
                    for (Thread w : writers) {
                        w.interrupt();
                        w.join(10_000);
                    }
                }
            }
        }
    }

    /** Sends the lane's share of the people in turn until told to stop; a full pseudo-terminal blocks it. */
    private static Thread writer(BenchGate.Lane lane, byte[][] frames, int offset, AtomicBoolean feeding) {
        Thread t = new Thread(() -> {
            try {
                for (int i = offset; feeding.get(); i += LANES) {
                    lane.scanner().write(frames[i % frames.length]);
                }
            } catch (IOException e) {
                if (feeding.get()) {
                    throw new UncheckedIOException(e);
                }
            }
        }, "bench-writer-" + lane.name());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The ledger at one moment: its newest row and how many rows the publisher has yet to send. */
    private record Snapshot(long nanos, long lastSeq, long unpublished) {
        static Snapshot take(BenchGate gate) throws Exception {
            long seq = gate.ledger("SELECT COALESCE(MAX(seq), 0) FROM events", rs -> rs.next() ? rs.getLong(1) : 0L);
            long unpublished = gate.ledger("SELECT COUNT(*) FROM events WHERE published = 0",
                    rs -> rs.next() ? rs.getLong(1) : 0L);
            return new Snapshot(System.nanoTime(), seq, unpublished);
        }
    }

    private static List<Figure> figures(BenchGate gate, Snapshot start, Snapshot end, Map<String, Object> conditions)
            throws Exception {
        String range = " FROM events WHERE seq > " + start.lastSeq() + " AND seq <= " + end.lastSeq();
        long rows = gate.ledger("SELECT COUNT(*)" + range, rs -> rs.next() ? rs.getLong(1) : 0L);
        long entries = gate.ledger("SELECT COUNT(*)" + range + " AND kind = 'entry'", rs -> rs.next() ? rs.getLong(1) : 0L);
        long granted = gate.ledger("SELECT COUNT(*)" + range + " AND kind = 'entry' AND result = 'granted'"
                + " AND source = 'cache'", rs -> rs.next() ? rs.getLong(1) : 0L);
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        long published = start.unpublished() + rows - end.unpublished();
        double decisionsPerSecond = entries / seconds;
        // Kept up: what waits at the end of the window is less than a second of decisions.
        boolean keptUp = end.unpublished() < Math.max(1, decisionsPerSecond);
        Map<String, Object> c = new LinkedHashMap<>(conditions);
        c.put("entries", entries);
        c.put("granted_from_cache", granted);
        return List.of(
                new Figure(NAME, "decisions", decisionsPerSecond, "/s", c),
                new Figure(NAME, "published", published / seconds, "/s", c),
                new Figure(NAME, "outbox backlog at end", end.unpublished(), "rows", c),
                new Figure(NAME, "outbox kept up", keptUp ? 1 : 0, "yes=1", c));
    }
}
