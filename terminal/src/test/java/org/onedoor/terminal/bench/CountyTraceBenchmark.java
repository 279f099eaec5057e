package org.onedoor.terminal.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.onedoor.terminal.county.CountyEvent;
import org.onedoor.terminal.county.CountyEvents;
import org.onedoor.terminal.county.ingest.EventParser;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.county.trace.Tracer;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.Pseudonymizer;

/**
 * Trace time over a county's stored entries: 1,000 terminals at 500 venues over 30 days, a case with entries at
 * five venues, depth 1, window 30 min, on SQLite with the schema's indexes. The size is 10 million entries;
 * {@code -Dcounty.trace.entries=N} sets another (default 1,000,000; 100,000 with --quick), since filling the store
 * takes far longer than the trace.
 */
public final class CountyTraceBenchmark implements Benchmark {
    private static final String NAME = "county-trace";
    private static final int TERMINALS = 1_000;
    private static final String COUNTY = "430124";
    private static final String CASE = "430124199001011234";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Figure> run(BenchOptions options) throws Exception {
        int entries = Integer.getInteger("county.trace.entries", options.quick() ? 100_000 : 1_000_000);
        Path dir = Files.createDirectories(options.workDir().resolve(NAME));
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        long span = Duration.ofDays(30).toMillis();
        EventParser parser = new EventParser("onedoor/v1");
        Random random = new Random(16);
        try (EventStore store = EventStore.open(dir.resolve("county.db").toString())) {
            long fillBegin = System.nanoTime();
            List<CountyEvent> batch = new ArrayList<>(10_000);
            long[] seqs = new long[TERMINALS];
            for (int i = 0; i < entries; i++) {
                int t = random.nextInt(TERMINALS);
                boolean isCase = i % (entries / 5) == 0;
                String subject = isCase ? new Pseudonymizer(KeyDerivation.terminalKey(master, COUNTY, "t-" + t)).pseudonym(CASE)
                        : String.format("%064x", random.nextLong() & Long.MAX_VALUE);
                batch.add(event(parser, t, ++seqs[t], start.plusMillis((long) (random.nextDouble() * span)), subject));
                if (batch.size() == 10_000) {
                    store.insert(batch, 0);
                    batch.clear();
                }
            }
            store.insert(batch, 0);
            double fillSeconds = (System.nanoTime() - fillBegin) / 1e9;
            Tracer.Result result = null;
            long best = Long.MAX_VALUE;
            for (int run = 0; run < 3; run++) {
                long begin = System.nanoTime();
                result = new Tracer(store, master, COUNTY).trace(CASE, start.toEpochMilli(), start.toEpochMilli() + span,
                        Duration.ofMinutes(30), 1, List.of());
                best = Math.min(best, System.nanoTime() - begin);
            }
            double ms = best / 1e6;
            System.out.printf("%s: %d entries stored in %.1f s (%.0f/s); trace depth 1: %.0f ms (best of 3), %d co-visits%n",
                    NAME, entries, fillSeconds, entries / fillSeconds, ms, result.contacts().size());
            Map<String, Object> conditions = new LinkedHashMap<>();
            conditions.put("entries", entries);
            conditions.put("terminals", TERMINALS);
            conditions.put("days", 30);
            conditions.put("store", "SQLite");
            return List.of(new Figure(NAME, "trace, depth 1", ms, "ms", conditions));
        }
    }

    private static CountyEvent event(EventParser parser, int t, long seq, Instant at, String subject) {
        String terminal = "t-" + t;
        String venue = "venue-" + t / 2;
        return parser.parse("onedoor/v1/" + COUNTY + "/" + venue + "/" + terminal + "/entry",
                CountyEvents.entry(terminal, venue, seq, 1, seq, at, true, subject).getBytes(StandardCharsets.UTF_8))
                .event().orElseThrow();
    }
}
