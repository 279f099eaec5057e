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
import org.onedoor.terminal.testing.PostgresServer;
import org.opentest4j.TestAbortedException;

/**
 * Trace time over a county's stored entries: 1,000 terminals at 500 venues over 30 days, a case with entries at
 * five venues, depth 1, window 30 min, on SQLite and then on PostgreSQL (when its binaries are installed) with the
 * schema's indexes. 1 million entries by default, the issue's
 * 10 million with {@code --full}, 100,000 with {@code --quick}.
 *
 * <p>Each store is filled by one SQL statement in one transaction, not through the collector: every column the
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

    private static final String PG_FILL = "INSERT INTO events (id, kind, county, venue, terminal, entrance, lane, direction,"
            + " result, subject, seq, boot, mono_ms, ts_ms, clock_synced, corrected_ms, estimate, received_ms, payload)"
            + " SELECT 'fill-' || i, 'entry', '" + COUNTY + "', 'venue-' || (i % " + TERMINALS + " / 2), 't-' || (i % "
            + TERMINALS + "), '东门', 'east', 'entry', 'granted', md5(i::text) || md5('s' || i), i / " + TERMINALS + " + 1, 1,"
            + " (i / " + TERMINALS + " + 1) * 1000, ? + i * 2654435761 % ?, TRUE, ? + i * 2654435761 % ?, FALSE, 0, '{}'"
            + " FROM generate_series(0, ?::bigint) AS i";
    private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
    private static final long SPAN_MS = Duration.ofDays(30).toMillis();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Figure> run(BenchOptions options) throws Exception {
        int entries = options.quick() ? 100_000 : options.full() ? 10_000_000 : 1_000_000;
        Path dir = Files.createDirectories(options.workDir().resolve(NAME));
        Path db = dir.resolve("county.db");
        List<Figure> figures = new ArrayList<>();
        figures.add(measure("SQLite", db.toString(), entries, () -> fillSqlite(db, entries)));
        try (PostgresServer postgres = PostgresServer.start()) {
            String url = postgres.newDatabase("trace");
            figures.add(measure("PostgreSQL", url, entries, () -> fillPostgres(url, entries)));
        } catch (TestAbortedException e) {
            System.out.println(NAME + ": PostgreSQL skipped: " + e.getMessage());
        }
        return figures;
    }

    /** Fills a store with the schema's tables, then with the entries. */
    interface Fill {
        void fill() throws SQLException;
    }

    /** Fills the store, adds the case's visits, and traces the case three times: the first run and the best. */
    static Figure measure(String database, String location, int entries, Fill fill) throws Exception {
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        EventStore.open(location).close();
        long fillBegin = System.nanoTime();
        fill.fill();
        try (EventStore store = EventStore.open(location)) {
            List<CountyEvent> visits = new ArrayList<>();
            for (int v = 0; v < 5; v++) {
                int t = v * 197;
                String p = new Pseudonymizer(KeyDerivation.terminalKey(master, COUNTY, "t-" + t)).pseudonym(CASE);
                visits.add(event(t, entries / TERMINALS + 1 + v, START.plus(Duration.ofDays(5L * v + 2)), p));
            }
            store.insert(visits, 0);
            double fillSeconds = (System.nanoTime() - fillBegin) / 1e9;
            Tracer.Result result = null;
            long first = 0;
            long best = Long.MAX_VALUE;
            for (int run = 0; run < 3; run++) {
                long begin = System.nanoTime();
                result = new Tracer(store, master, COUNTY).trace(CASE, START.toEpochMilli(), START.toEpochMilli() + SPAN_MS,
                        Duration.ofMinutes(30), 1, List.of());
                long took = System.nanoTime() - begin;
                first = run == 0 ? took : first;
                best = Math.min(best, took);
            }
            double ms = best / 1e6;
            System.out.printf("%s %s: %d entries filled in %.1f s (%.0f/s); trace depth 1: first %.0f ms, best of 3"
                    + " %.0f ms, %d co-visits%n", NAME, database, entries, fillSeconds, entries / fillSeconds, first / 1e6,
                    ms, result.contacts().size());
            printPlans(database, location);
            Map<String, Object> conditions = new LinkedHashMap<>();
            conditions.put("entries", entries);
            conditions.put("terminals", TERMINALS);
            conditions.put("days", 30);
            conditions.put("store", database);
            conditions.put("first_run_ms", first / 1e6);
            conditions.put("fill_s", fillSeconds);
            return new Figure(NAME, "trace, depth 1, " + database, ms, "ms", conditions);
        }
    }

    /**
     * One transaction, no journal, the schema's secondary indexes dropped and built again afterwards from their own
     * definitions (a sort, not millions of random inserts): a throwaway store, filled in minutes rather than hours.
     */
    static void fillSqlite(Path db, int entries) throws SQLException {
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
                p.setLong(2, START.toEpochMilli());
                p.setLong(3, SPAN_MS);
                p.setLong(4, START.toEpochMilli());
                p.setLong(5, SPAN_MS);
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

    /**
     * The same rows made by the server itself ({@code generate_series}, one statement), with the primary key and the
     * secondary indexes dropped and built again afterwards from their own definitions, then the statistics gathered.
     * The pseudonyms are md5 digests of the row number: random-looking 64 hex digits, as a terminal's are.
     */
    static void fillPostgres(String url, int entries) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off");
            s.execute("SET maintenance_work_mem = '512MB'");
            c.setAutoCommit(false);
            Map<String, String> indexes = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'events'"
                    + " AND indexname <> 'events_pkey'")) {
                while (rs.next()) {
                    indexes.put(rs.getString(1), rs.getString(2));
                }
            }
            for (String index : indexes.keySet()) {
                s.execute("DROP INDEX " + index);
            }
            s.execute("ALTER TABLE events DROP CONSTRAINT events_pkey");
            try (PreparedStatement p = c.prepareStatement(PG_FILL)) {
                p.setLong(1, START.toEpochMilli());
                p.setLong(2, SPAN_MS);
                p.setLong(3, START.toEpochMilli());
                p.setLong(4, SPAN_MS);
                p.setLong(5, entries - 1L);
                p.executeUpdate();
            }
            s.execute("ALTER TABLE events ADD PRIMARY KEY (id)");
            for (String definition : indexes.values()) {
                s.execute(definition);
            }
            s.execute("INSERT INTO terminals (county, terminal, venue) SELECT DISTINCT county, terminal, venue FROM events"
                    + " WHERE seq = 1");
            c.commit();
            c.setAutoCommit(true);
            s.execute("VACUUM ANALYZE events");
        }
    }

    /** The plans of the two queries a trace makes, to show which indexes they take. */
    private static void printPlans(String database, String location) throws SQLException {
        String[] queries = {
            "SELECT county, venue, entrance, terminal, lane, subject, corrected_ms, estimate FROM events WHERE county = '"
                    + COUNTY + "' AND terminal = 't-0' AND subject = 'x' AND kind = 'entry' AND corrected_ms BETWEEN 0 AND 1"
                    + " ORDER BY corrected_ms",
            "SELECT county, venue, entrance, terminal, lane, subject, corrected_ms, estimate FROM events WHERE county = '"
                    + COUNTY + "' AND venue = 'venue-0' AND corrected_ms BETWEEN 0 AND 1 AND kind = 'entry'"
                    + " AND subject IS NOT NULL ORDER BY corrected_ms"};
        boolean sqlite = !location.startsWith("jdbc:");
        try (Connection c = DriverManager.getConnection(sqlite ? "jdbc:sqlite:" + location : location);
                Statement s = c.createStatement()) {
            for (String q : queries) {
                try (ResultSet rs = s.executeQuery((sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + q)) {
                    while (rs.next()) {
                        System.out.printf("%s %s: plan of %s…: %s%n", NAME, database,
                                q.substring(q.indexOf("WHERE"), q.indexOf("WHERE") + 40),
                                rs.getString(sqlite ? "detail" : "QUERY PLAN"));
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
