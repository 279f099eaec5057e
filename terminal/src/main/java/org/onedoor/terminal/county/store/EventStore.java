package org.onedoor.terminal.county.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.onedoor.terminal.county.CountyEvent;
import org.onedoor.terminal.county.TerminalIdentity;
import org.sqlite.SQLiteConfig;

/**
 * The county's events in SQLite or PostgreSQL (docs/county.md). Each event is stored once, by its {@code id}:
 * a redelivery or a replay inserts nothing. Each stored event carries a corrected time (docs/reliability.md):
 * its {@code ts} when the clock was synchronised, else the boot's {@code clock} event's time less the monotonic
 * distance, else its {@code ts} marked as an estimate. One connection, used by one thread at a time.
 */
public final class EventStore implements AutoCloseable {
    private static final String INSERT = "INSERT INTO events (id, kind, county, venue, terminal, entrance, lane, direction,"
            + " result, subject, seq, boot, mono_ms, ts_ms, clock_synced, corrected_ms, estimate, received_ms, payload)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";

    private static final int WAL_CHECKPOINT_PAGES = 16_384;

    private final Connection connection;
    private final Dialect dialect;
    /** Per (county, terminal), the seq up to which its events are known to have no gap. */
    private final Map<List<String>, Long> completeTo = new HashMap<>();

    private EventStore(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** A {@code jdbc:postgresql:} URL, or else a SQLite file's path; the schema is brought up to date. */
    public static EventStore open(String location) throws SQLException {
        String url = location.startsWith("jdbc:") ? location : "jdbc:sqlite:" + Path.of(location).toAbsolutePath();
        Dialect dialect = Dialect.of(url);
        Connection c;
        if (dialect == Dialect.SQLITE) {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // FULL: each commit syncs the WAL, so an event acknowledged to the broker (after its commit) survives a power
            // cut or an OS crash, not only the collector's own death as at NORMAL. One sync per batch; with batches of up
            // to 1,000 its cost was within the measurement's noise (docs/performance.md, The county, round 2).
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(30_000);
            // Four indexes on random keys (ids, pseudonyms): with SQLite's 2 MB default most inserts miss the cache.
            config.setCacheSize(-64 * 1024);
            // Two collectors on one file: a writer takes the lock when it begins, never half-way.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            c = config.createConnection(url);
            try (Statement s = c.createStatement()) {
                // Each batch dirties about one page per event in the two indexes on random keys (ids, pseudonyms), so at
                // SQLite's default (a checkpoint once the WAL passes 1,000 pages, 4 MB) nearly every commit also ran a
                // checkpoint: copy those pages into the file and sync it. 16,384 pages (64 MB of WAL, reset after each
                // checkpoint) let a page dirtied by many batches be copied once; ingest ran about twice as fast.
                s.execute("PRAGMA wal_autocheckpoint = " + WAL_CHECKPOINT_PAGES);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
        } else {
            c = DriverManager.getConnection(url);
        }
        try {
            Migrations.apply(c, dialect);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new EventStore(c, dialect);
    }

    /**
     * Stores a batch in one transaction; events already stored are skipped.
     *
     * @return how many were new, or -1 when the driver does not say
     */
    public synchronized int insert(List<CountyEvent> batch, long receivedMs) throws SQLException {
        connection.setAutoCommit(false);
        try {
            for (CountyEvent e : batch) {
                if (CountyEvent.CLOCK.equals(e.kind()) && e.boot() != null && e.monoMs() != null) {
                    recordClock(e);
                }
            }
            int added = 0;
            boolean counted = true;
            Set<List<Object>> unsynced = new HashSet<>();
            try (PreparedStatement s = connection.prepareStatement(INSERT)) {
                for (CountyEvent e : batch) {
                    bind(s, e, receivedMs);
                    s.addBatch();
                    if (!e.clockSynced() && e.boot() != null && e.monoMs() != null) {
                        unsynced.add(List.of(e.county(), e.terminal(), e.boot()));
                    }
                }
                for (int n : s.executeBatch()) {
                    if (n >= 0) {
                        added += n;
                    } else {
                        counted = false;
                    }
                }
            }
            recordTerminals(batch);
            for (List<Object> boot : unsynced) {
                correct((String) boot.get(0), (String) boot.get(1), (Long) boot.get(2));
            }
            connection.commit();
            return counted ? added : -1;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Keeps each terminal's latest identity: one row per terminal, replaced unless the stored one carries a later
     * {@code ts} (a retained identity comes again at every reconnect, and two collectors may see two in either order).
     */
    public synchronized void upsertIdentities(List<TerminalIdentity> identities, long receivedMs) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO identities (county, terminal, venue, ts_ms,"
                + " received_ms, payload) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (county, terminal) DO UPDATE SET"
                + " venue = excluded.venue, ts_ms = excluded.ts_ms, received_ms = excluded.received_ms,"
                + " payload = excluded.payload WHERE identities.ts_ms IS NULL OR excluded.ts_ms IS NULL"
                + " OR excluded.ts_ms >= identities.ts_ms")) {
            for (TerminalIdentity i : identities) {
                s.setString(1, i.county());
                s.setString(2, i.terminal());
                s.setString(3, i.venue());
                setLong(s, 4, i.tsMs());
                s.setLong(5, receivedMs);
                s.setString(6, i.payload());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** A terminal's latest identity message as received, if the county has one. */
    public synchronized Optional<String> identity(String county, String terminal) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT payload FROM identities WHERE county = ? AND terminal = ?")) {
            s.setString(1, county);
            s.setString(2, terminal);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private void bind(PreparedStatement s, CountyEvent e, long receivedMs) throws SQLException {
        int i = 1;
        s.setString(i++, e.id());
        s.setString(i++, e.kind());
        s.setString(i++, e.county());
        s.setString(i++, e.venue());
        s.setString(i++, e.terminal());
        s.setString(i++, e.entrance());
        s.setString(i++, e.lane());
        s.setString(i++, e.direction());
        s.setString(i++, e.result());
        s.setString(i++, e.subject());
        s.setLong(i++, e.seq());
        setLong(s, i++, e.boot());
        setLong(s, i++, e.monoMs());
        s.setLong(i++, e.tsMs());
        s.setBoolean(i++, e.clockSynced());
        s.setLong(i++, e.tsMs());
        // Corrected below, in the same transaction, if its boot's clock event is known.
        s.setBoolean(i++, !e.clockSynced());
        s.setLong(i++, receivedMs);
        s.setString(i, e.payload());
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    private void recordTerminals(List<CountyEvent> batch) throws SQLException {
        Set<List<String>> seen = new HashSet<>();
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO terminals (county, terminal, venue)"
                + " VALUES (?, ?, ?) ON CONFLICT (county, terminal) DO NOTHING")) {
            for (CountyEvent e : batch) {
                if (seen.add(List.of(e.county(), e.terminal()))) {
                    s.setString(1, e.county());
                    s.setString(2, e.terminal());
                    s.setString(3, e.venue());
                    s.addBatch();
                }
            }
            s.executeBatch();
        }
    }

    private void recordClock(CountyEvent clock) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO clocks (county, terminal, boot, ts_ms, mono_ms)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (county, terminal, boot) DO NOTHING")) {
            s.setString(1, clock.county());
            s.setString(2, clock.terminal());
            s.setLong(3, clock.boot());
            s.setLong(4, clock.tsMs());
            s.setLong(5, clock.monoMs());
            s.executeUpdate();
        }
        correct(clock.county(), clock.terminal(), clock.boot());
    }

    /** true time of E = C.ts − (C.mono_ms − E.mono_ms), for every estimate of the boot once its clock event C is known. */
    private void correct(String county, String terminal, long boot) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("UPDATE events SET estimate = ?, corrected_ms ="
                + " (SELECT c.ts_ms - (c.mono_ms - events.mono_ms) FROM clocks c"
                + " WHERE c.county = events.county AND c.terminal = events.terminal AND c.boot = events.boot)"
                + " WHERE county = ? AND terminal = ? AND boot = ? AND estimate = ? AND mono_ms IS NOT NULL"
                + " AND EXISTS (SELECT 1 FROM clocks c WHERE c.county = ? AND c.terminal = ? AND c.boot = ?)")) {
            s.setBoolean(1, false);
            s.setString(2, county);
            s.setString(3, terminal);
            s.setLong(4, boot);
            s.setBoolean(5, true);
            s.setString(6, county);
            s.setString(7, terminal);
            s.setLong(8, boot);
            s.executeUpdate();
        }
    }

    /** How many events are stored. */
    public synchronized long count() throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT COUNT(*) FROM events"); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Every missing seq range between two stored events of a terminal whose later event arrived before
     * {@code seenBeforeMs}. Each terminal is read from the highest seq up to which it was found complete in an
     * earlier call, so a pass reads what arrived since and the open gaps' tails, not the whole table.
     */
    public synchronized List<Gap> gaps(long seenBeforeMs) throws SQLException {
        List<List<String>> terminals = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT county, terminal FROM terminals ORDER BY county, terminal");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                terminals.add(List.of(rs.getString(1), rs.getString(2)));
            }
        }
        List<Gap> gaps = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement("SELECT venue, boot, seq, received_ms FROM events"
                + " WHERE county = ? AND terminal = ? AND seq >= ? ORDER BY seq")) {
            for (List<String> terminal : terminals) {
                s.setString(1, terminal.get(0));
                s.setString(2, terminal.get(1));
                s.setLong(3, completeTo.getOrDefault(terminal, 0L));
                completeTo.put(terminal, gapsOf(terminal, s, seenBeforeMs, gaps));
            }
        }
        return gaps;
    }

    /** Adds one terminal's gaps; returns the seq up to which it has none. */
    private long gapsOf(List<String> terminal, PreparedStatement query, long seenBeforeMs, List<Gap> into) throws SQLException {
        long complete = completeTo.getOrDefault(terminal, 0L);
        boolean contiguous = true;
        Long previous = null;
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                long seq = rs.getLong(3);
                if (previous != null && seq > previous + 1) {
                    contiguous = false;
                    if (rs.getLong(4) < seenBeforeMs) {
                        into.add(new Gap(terminal.get(0), rs.getString(1), terminal.get(1), rs.getLong(2), previous + 1, seq - 1,
                                rs.getLong(4)));
                    }
                }
                if (contiguous) {
                    complete = seq;
                }
                previous = seq;
            }
        }
        return complete;
    }

    /** When a replay for this gap's start was last asked for, or -1. */
    public synchronized long replayAskedMs(Gap gap) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT sent_ms FROM replays WHERE county = ? AND terminal = ? AND from_seq = ?")) {
            s.setString(1, gap.county());
            s.setString(2, gap.terminal());
            s.setLong(3, gap.fromSeq());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    public synchronized void replayAsked(Gap gap, long toSeq, long nowMs) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO replays (county, terminal, from_seq, to_seq, sent_ms)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (county, terminal, from_seq) DO UPDATE SET to_seq = ?, sent_ms = ?")) {
            s.setString(1, gap.county());
            s.setString(2, gap.terminal());
            s.setLong(3, gap.fromSeq());
            s.setLong(4, toSeq);
            s.setLong(5, nowMs);
            s.setLong(6, toSeq);
            s.setLong(7, nowMs);
            s.executeUpdate();
        }
    }

    /** One terminal's entries under one pseudonym between two corrected times. */
    public synchronized List<StoredEntry> entriesOf(String county, String terminal, String pseudonym, long fromMs, long toMs)
            throws SQLException {
        return entries("SELECT county, venue, entrance, terminal, lane, subject, corrected_ms, estimate FROM events"
                + " WHERE county = ? AND terminal = ? AND subject = ? AND kind = 'entry' AND corrected_ms BETWEEN ? AND ?"
                + " ORDER BY corrected_ms", county, terminal, pseudonym, fromMs, toMs);
    }

    /**
     * The entries under each terminal's pseudonym of one person between two corrected times, ordered by terminal and
     * then time, as {@link #entriesOf(String, String, String, long, long)} terminal by terminal in {@link #terminals}'
     * order gives them. PostgreSQL answers it in one query (one round trip rather than one per terminal, which was most
     * of a trace's time over a county's thousand terminals); SQLite, in the process, keeps a query per terminal.
     */
    public synchronized List<StoredEntry> entriesOf(String county, Map<String, String> pseudonymByTerminal, long fromMs,
            long toMs) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            List<StoredEntry> out = new ArrayList<>();
            for (Map.Entry<String, String> t : pseudonymByTerminal.entrySet()) {
                out.addAll(entriesOf(county, t.getKey(), t.getValue(), fromMs, toMs));
            }
            return out;
        }
        String[] terminals = pseudonymByTerminal.keySet().toArray(String[]::new);
        String[] pseudonyms = pseudonymByTerminal.values().toArray(String[]::new);
        return entries("SELECT e.county, e.venue, e.entrance, e.terminal, e.lane, e.subject, e.corrected_ms, e.estimate"
                + " FROM unnest(?, ?) AS k(terminal, subject) JOIN events e ON e.county = ? AND e.terminal = k.terminal"
                + " AND e.subject = k.subject WHERE e.kind = 'entry' AND e.corrected_ms BETWEEN ? AND ?"
                + " ORDER BY e.terminal, e.corrected_ms", connection.createArrayOf("varchar", terminals),
                connection.createArrayOf("varchar", pseudonyms), county, fromMs, toMs);
    }

    /** Every entry with a person at a venue (all its terminals and entrances) between two corrected times. */
    public synchronized List<StoredEntry> entriesAt(String county, String venue, long fromMs, long toMs) throws SQLException {
        return entries("SELECT county, venue, entrance, terminal, lane, subject, corrected_ms, estimate FROM events"
                + " WHERE county = ? AND venue = ? AND corrected_ms BETWEEN ? AND ? AND kind = 'entry'"
                + " AND subject IS NOT NULL ORDER BY corrected_ms", county, venue, fromMs, toMs);
    }

    /** The terminals the county has heard from. */
    public synchronized List<String> terminals(String county) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT terminal FROM terminals WHERE county = ? ORDER BY terminal")) {
            s.setString(1, county);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private List<StoredEntry> entries(String sql, Object... args) throws SQLException {
        List<StoredEntry> out = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getLong(7), rs.getBoolean(8)));
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
