package org.onedoor.terminal.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.onedoor.terminal.county.CountyEvent;
import org.onedoor.terminal.county.CountyEvents;
import org.onedoor.terminal.county.ingest.EventParser;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.county.trace.Tracer;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.Pseudonymizer;

/**
 * Trace time over a county's stored entries: 1,000 terminals at 500 venues over 30 days, a case with entries at
 * five venues, depth 1, window 30 min, on SQLite with the schema's indexes. 1 million entries by default, the issue's
 * 10 million with {@code --full}, 100,000 with {@code --quick}.
 *
 * <p>The store is filled by one SQL statement in one transaction, not through the collector: every column the
 * collector fills, with a two-byte payload (a trace never reads it; a real payload would only make the file
 * larger), sequential ids, contiguous seqs per terminal and times scattered over the 30 days by a multiplicative
 * hash. The case's five entries then go in through {@link EventStore#insert}, with the pseudonym each terminal
 * would have computed.
 */
public final class CountyTraceBenchmark implements Benchmark {
    private static final String NAME = "county-trace";
    private static final int TERMINALS = 1_000;
    private static final String COUNTY = "430124";
    private static final String CASE = "430124199001011234";
    private static final String FILL = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)"
            + " INSERT INTO events (id, kind, county, venue, terminal, entrance, lane, direction, result, subject, seq, boot,"
            + " mono_ms, ts_ms, clock_synced, corrected_ms, estimate, received_ms, payload)"
            + " SELECT 'fill-' || i, 'entry', '" + COUNTY + "', 'venue-' || (i % " + TERMINALS + " / 2), 't-' || (i % "
            + TERMINALS + "), '东门', 'east', 'entry', 'granted', lower(hex(randomblob(32))), i / " + TERMINALS + " + 1, 1,"
            + " (i / " + TERMINALS + " + 1) * 1000, ? + i * 2654435761 % ?, 1, ? + i * 2654435761 % ?, 0, 0, '{}' FROM n";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Figure> run(BenchOptions options) throws Exception {
        int entries = options.quick() ? 100_000 : options.full() ? 10_000_000 : 1_000_000;
        Path dir = Files.createDirectories(options.workDir().resolve(NAME));
        Path db = dir.resolve("county.db");
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        long span = Duration.ofDays(30).toMillis();
        EventStore.open(db.toString()).close();
        long fillBegin = System.nanoTime();
        fill(db, entries, start.toEpochMilli(), span);
        try (EventStore store = EventStore.open(db.toString())) {
            List<CountyEvent> visits = new ArrayList<>();
            for (int v = 0; v < 5; v++) {
                int t = v * 197;
                String p = new Pseudonymizer(KeyDerivation.terminalKey(master, COUNTY, "t-" + t)).pseudonym(CASE);
                visits.add(event(t, entries / TERMINALS + 1 + v, start.plus(Duration.ofDays(5L * v + 2)), p));
            }
            store.insert(visits, 0);
            double fillSeconds = (System.nanoTime() - fillBegin) / 1e9;
            Tracer.Result result = null;
            long first = 0;
            long best = Long.MAX_VALUE;
            for (int run = 0; run < 3; run++) {
                long begin = System.nanoTime();
                result = new Tracer(store, master, COUNTY).trace(CASE, start.toEpochMilli(), start.toEpochMilli() + span,
                        Duration.ofMinutes(30), 1, List.of());
                long took = System.nanoTime() - begin;
                first = run == 0 ? took : first;
                best = Math.min(best, took);
            }
            double ms = best / 1e6;
            System.out.printf("%s: %d entries filled in %.1f s (%.0f/s), %.2f GB; trace depth 1: first %.0f ms, best of 3"
                    + " %.0f ms, %d co-visits%n", NAME, entries, fillSeconds, entries / fillSeconds,
                    Files.size(db) / 1e9, first / 1e6, ms, result.contacts().size());
            printPlans(db);
            Map<String, Object> conditions = new LinkedHashMap<>();
            conditions.put("entries", entries);
            conditions.put("terminals", TERMINALS);
            conditions.put("days", 30);
            conditions.put("store", "SQLite");
            conditions.put("first_run_ms", first / 1e6);
            return List.of(new Figure(NAME, "trace, depth 1", ms, "ms", conditions));
        }
    }

    /**
     * One transaction, no journal, the schema's secondary indexes dropped and built again afterwards from their own
     * definitions (a sort, not millions of random inserts): a throwaway store, filled in minutes rather than hours.
     */
    private static void fill(Path db, int entries, long startMs, long spanMs) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = OFF");
            s.execute("PRAGMA synchronous = OFF");
            s.execute("PRAGMA cache_size = -2000000");
            c.setAutoCommit(false);
            Map<String, String> indexes = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                    + " AND tbl_name = 'events' AND sql IS NOT NULL")) {
                while (rs.next()) {
                    indexes.put(rs.getString(1), rs.getString(2));
                }
            }
            for (String index : indexes.keySet()) {
                s.execute("DROP INDEX " + index);
            }
            try (PreparedStatement p = c.prepareStatement(FILL)) {
                p.setInt(1, entries);
                p.setLong(2, startMs);
                p.setLong(3, spanMs);
                p.setLong(4, startMs);
                p.setLong(5, spanMs);
                p.executeUpdate();
            }
            for (String definition : indexes.values()) {
                s.execute(definition);
            }
            s.execute("INSERT INTO terminals (county, terminal, venue) SELECT DISTINCT county, terminal, venue FROM events"
                    + " WHERE seq = 1");
            c.commit();
        }
    }

    /** The plans of the two queries a trace makes, to show which indexes they take. */
    private static void printPlans(Path db) throws SQLException {
        String[] queries = {
            "SELECT county, venue, entrance, terminal, lane, subject, corrected_ms, estimate FROM events WHERE county = '"
                    + COUNTY + "' AND terminal = 't-0' AND subject = 'x' AND kind = 'entry' AND corrected_ms BETWEEN 0 AND 1"
                    + " ORDER BY corrected_ms",
            "SELECT county, venue, entrance, terminal, lane, subject, corrected_ms, estimate FROM events WHERE county = '"
                    + COUNTY + "' AND venue = 'venue-0' AND corrected_ms BETWEEN 0 AND 1 AND kind = 'entry'"
                    + " AND subject IS NOT NULL ORDER BY corrected_ms"};
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (String q : queries) {
                try (ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + q)) {
                    while (rs.next()) {
                        System.out.printf("%s: plan of %s…: %s%n", NAME, q.substring(q.indexOf("WHERE"), q.indexOf("WHERE") + 40),
                                rs.getString("detail"));
                    }
                }
            }
        }
    }

    private static CountyEvent event(int t, long seq, Instant at, String subject) {
        String terminal = "t-" + t;
        String venue = "venue-" + t / 2;
        return new EventParser("onedoor/v1").parse("onedoor/v1/" + COUNTY + "/" + venue + "/" + terminal + "/entry",
                CountyEvents.entry(terminal, venue, seq, 1, seq * 1000, at, true, subject).getBytes(StandardCharsets.UTF_8))
                .event().orElseThrow();
    }
}
