package org.onedoor.terminal.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.onedoor.terminal.store.DamagedStore;
import org.onedoor.terminal.store.StoreFiles;

/**
 * The SQLite file behind the ledger: one connection in WAL mode, the schema, the size cap, and the
 * statements. It keeps no state of its own beyond the connection and is not thread-safe: the
 * {@link Ledger}'s lock guards every call.
 */
final class EventStore implements AutoCloseable {
    /** SQLite's result code for a full database or disk. */
    static final int SQLITE_FULL = 13;
    /**
     * Bytes per database page of a new ledger. A commit writes every page it changed as a whole WAL frame, and
     * an entry's commit changes one page of the table and one of each index: at SQLite's default of 4,096 that
     * was some 20 KiB to the card per scan for a row of a few hundred bytes. 1,024 still holds two or three
     * entries a page; the price is a b-tree one level deeper sooner, which a ledger of this size hardly feels.
     */
    static final int PAGE_SIZE = 1_024;
    /** SQLite's default: a commit that takes the log past this many pages copies it into the file. */
    static final int AUTO_CHECKPOINT_PAGES = 1_000;

    /**
     * The insert with its seq: one above the highest present and above {@code seq_floor}, the last parameter. Without
     * AUTOINCREMENT's counter (a b-tree page more in every synced commit) SQLite would give the highest seq again
     * once retention or a salvage had left it out.
     */
    private static final String INSERT = "INSERT INTO events (" + String.join(", ", EventRow.COLUMNS) + ", seq) VALUES ("
            + String.join(", ", java.util.Collections.nCopies(EventRow.COLUMNS.size(), "?"))
            + ", max(coalesce((SELECT max(seq) FROM events), 0), ?) + 1)";
    private static final String SEQ_FLOOR = "SELECT coalesce(max(CAST(value AS INTEGER)), 0) FROM meta"
            + " WHERE key = 'seq_floor'";

    private final Connection connection;
    private final PreparedStatement insert;
    // Prepared once: the insert and its seq run on a scan's path, the others after each acknowledgement.
    private final PreparedStatement lastRowId;
    private final PreparedStatement unpublished;
    private final PreparedStatement latency;
    private final PreparedStatement ack;
    private final PayloadWriter payloads;
    /** The page cap, or 0 when there is none but the disk's own. */
    private final long maxPages;
    private final Recovery recovery;
    private final Durability durability;
    /** Set while the buffer's write runs at a lower sync level than {@link #durability}. */
    private boolean relaxed;
    /** The highest seq ever given where the rows may no longer show it. */
    private long seqFloor;
    /**
     * Every row below this seq is published in the file: the outbox, its depth and retention start their scans here
     * rather than keep an index of unpublished rows, which an entry's commit and its acknowledgement both wrote.
     */
    private long lowestUnpublished;
    /** Set when acknowledgements were written: {@link #lowestUnpublished} is found again before it is next used. */
    private boolean lowestUnpublishedMoved;

    private EventStore(Connection connection, Durability durability, long maxPages, PayloadWriter payloads,
                       Recovery recovery) throws SQLException {
        this.connection = connection;
        this.durability = durability;
        this.maxPages = maxPages;
        this.payloads = payloads;
        this.recovery = recovery;
        Schema.migrate(connection);
        this.insert = connection.prepareStatement(INSERT);
        this.lastRowId = connection.prepareStatement("SELECT last_insert_rowid()");
        this.unpublished = connection.prepareStatement(
                "SELECT * FROM events WHERE published = 0 AND seq > ? AND seq < ? ORDER BY seq LIMIT ?");
        this.latency = connection.prepareStatement("UPDATE events SET latency_us = ? WHERE seq = ?");
        this.ack = connection.prepareStatement("UPDATE events SET published = 1 WHERE seq BETWEEN ? AND ?");
        this.seqFloor = queryLong(SEQ_FLOOR);
        // A scan of the table once per start; the quick check before it has read every page already.
        this.lowestUnpublished = lowestUnpublished();
    }

    /**
     * {@link #lowestUnpublished}, found again after acknowledgements were written: here rather than in their commit,
     * which may be an entry's, before its relay moves.
     */
    private long lowestUnpublishedNow() throws SQLException {
        if (lowestUnpublishedMoved) {
            lowestUnpublished = lowestUnpublished();
            lowestUnpublishedMoved = false;
        }
        return lowestUnpublished;
    }

    /** Scans up from {@link #lowestUnpublished} (0 at first) to the first unpublished row. */
    private long lowestUnpublished() throws SQLException {
        long first = queryLong("SELECT seq FROM events WHERE seq >= " + lowestUnpublished
                + " AND published = 0 ORDER BY seq LIMIT 1");
        return first > 0 ? first : nextSeq();
    }

    /**
     * Opens (creating or upgrading) the file; the connection is closed again if anything after it fails. A file
     * that fails SQLite's integrity check throws; with {@code damaged}, the new file first takes in every row that
     * can still be read from the damaged one, moved aside.
     */
    static EventStore open(Path file, LedgerSettings settings, PayloadWriter payloads, DamagedStore damaged)
            throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try {
            long maxPages = configure(c, settings);
            StoreFiles.requireIntact(c);
            Recovery recovery = null;
            if (damaged != null) {
                Schema.migrate(c);
                recovery = Salvage.copy(file.resolveSibling(damaged.movedTo()), c, damaged);
            }
            return new EventStore(c, settings.durability(), maxPages, payloads, recovery);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Applies the settings; returns the page cap, or 0 when there is none. */
    private static long configure(Connection c, LedgerSettings settings) throws SQLException {
        long maxPages = 0;
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA page_size = " + PAGE_SIZE); // a new file only: an existing one keeps its own
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = " + settings.durability().synchronous());
            s.execute("PRAGMA busy_timeout = 5000");
            if (settings.maxSizeMb() > 0) {
                maxPages = settings.maxSizeMb() * 1024L * 1024L / pragma(c, "page_size");
                s.execute("PRAGMA max_page_count = " + maxPages);
            }
        }
        // A misspelt pragma is silently ignored by SQLite: read the setting back rather than trust it.
        if (pragma(c, "synchronous") != settings.durability().synchronousLevel()) {
            throw new SQLException("synchronous = " + settings.durability().synchronous() + " did not take effect");
        }
        return maxPages;
    }

    private static long pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    long pragma(String name) throws SQLException {
        return pragma(connection, name);
    }

    /** What was salvaged into this file from a damaged one at start; empty on a normal start. */
    Optional<Recovery> recovery() {
        return Optional.ofNullable(recovery);
    }

    /** The page cap, or 0 when there is none. */
    long maxPages() {
        return maxPages;
    }

    /** Pages holding data now (the file's pages less the free ones). */
    long pagesInUse() throws SQLException {
        return pragma("page_count") - pragma("freelist_count");
    }

    /**
     * Inserts the row and writes what {@code pending} holds in the same commit, synced as the insert alone would be:
     * the latencies and acknowledgements cost no commit, and no write to the card, of their own. Returns its seq.
     */
    long insert(EventRow row, AckBuffer.Pending pending) throws SQLException {
        if (pending.isEmpty()) {
            return insert(row);
        }
        restoreSync();
        return inTransaction(() -> {
            update(pending);
            return insert(row);
        });
    }

    /** Inserts the row; returns its seq. */
    long insert(EventRow row) throws SQLException {
        restoreSync();
        row.bind(insert);
        insert.setLong(EventRow.COLUMNS.size() + 1, seqFloor);
        insert.executeUpdate();
        try (ResultSet rs = lastRowId.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Runs the insert in a transaction rolled back: SQLite writes nothing to the file or its WAL for it, and the
     * row's seq is not taken (the next insert counts from the rows and {@code seq_floor} again).
     */
    void rehearseInsert(EventRow row) throws SQLException {
        connection.setAutoCommit(false);
        try {
            insert(row);
        } finally {
            try {
                connection.rollback();
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /**
     * Unpublished events after {@code afterSeq} and below {@code beforeSeq}, in seq order, at most {@code max}; an
     * entry whose latency is not yet written is published with the one {@code latencies} holds for its seq.
     */
    List<OutboxMessage> unpublished(long afterSeq, long beforeSeq, int max, Map<Long, Long> latencies)
            throws SQLException {
        unpublished.setLong(1, Math.max(afterSeq, lowestUnpublishedNow() - 1));
        unpublished.setLong(2, beforeSeq);
        unpublished.setInt(3, max);
        return messages(unpublished, latencies);
    }

    /** Events with seq {@code fromSeq} to {@code toSeq} and below {@code beforeSeq}, published or not. */
    List<OutboxMessage> range(long fromSeq, long toSeq, long beforeSeq) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT * FROM events WHERE seq BETWEEN ? AND ? AND seq < ? ORDER BY seq")) {
            q.setLong(1, fromSeq);
            q.setLong(2, toSeq);
            q.setLong(3, beforeSeq);
            return messages(q, Map.of());
        }
    }

    private List<OutboxMessage> messages(PreparedStatement q, Map<Long, Long> latencies) throws SQLException {
        List<OutboxMessage> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                long seq = rs.getLong("seq");
                out.add(new OutboxMessage(seq, rs.getString("kind"), payloads.payloadOf(rs, latencies.get(seq))));
            }
        }
        return out;
    }

    /**
     * Deletes published rows older than {@code cutoffMs}; counts the unpublished ones as old that stay. Rows go in seq
     * order, from the lowest up to the first one inside the window (read up from the bottom, no index of ages): a row
     * stamped by a clock that was behind waits for the rows below it. A row stamped after {@code nowMs} (a clock that
     * was ahead) does not hold the rest back. The highest seq goes into meta in the same commit, should the newest
     * rows go.
     */
    Purge purge(long cutoffMs, long nowMs) throws SQLException {
        long end = firstSeqInWindow(cutoffMs, nowMs);
        return inTransaction(() -> purgeBelow(end, cutoffMs));
    }

    /** The lowest seq stamped from {@code cutoffMs} to {@code nowMs}, or {@link Long#MAX_VALUE} when none is. */
    private long firstSeqInWindow(long cutoffMs, long nowMs) throws SQLException {
        try (PreparedStatement first = connection.prepareStatement(
                "SELECT seq FROM events WHERE epoch_ms >= ? AND epoch_ms <= ? ORDER BY seq LIMIT 1")) {
            first.setLong(1, cutoffMs);
            first.setLong(2, nowMs);
            try (ResultSet rs = first.executeQuery()) {
                return rs.next() ? rs.getLong(1) : Long.MAX_VALUE;
            }
        }
    }

    /** Deletes the published rows below {@code end} older than {@code cutoffMs}, inside the caller's transaction. */
    private Purge purgeBelow(long end, long cutoffMs) throws SQLException {
        try (PreparedStatement floor = connection.prepareStatement(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('seq_floor', ?)");
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM events WHERE seq < ? AND published = 1 AND epoch_ms < ?");
             PreparedStatement blocked = connection.prepareStatement(
                     "SELECT count(*) FROM events WHERE seq >= ? AND seq < ? AND published = 0 AND epoch_ms < ?")) {
            long highest = nextSeq() - 1;
            delete.setLong(1, end);
            delete.setLong(2, cutoffMs);
            long deleted = delete.executeUpdate();
            blocked.setLong(1, lowestUnpublishedNow());
            blocked.setLong(2, end);
            blocked.setLong(3, cutoffMs);
            long kept;
            try (ResultSet rs = blocked.executeQuery()) {
                kept = rs.next() ? rs.getLong(1) : 0;
            }
            if (deleted > 0) {
                floor.setLong(1, highest);
                floor.executeUpdate();
                seqFloor = highest;
            }
            return new Purge(deleted, kept);
        }
    }

    /** The seq the next insert takes. */
    private long nextSeq() throws SQLException {
        return Math.max(queryLong("SELECT coalesce(max(seq), 0) FROM events"), seqFloor) + 1;
    }

    /** A condition on {@code events} that holds for every unpublished row: its scan starts where they may. */
    String unpublishedRows() throws SQLException {
        return "seq >= " + lowestUnpublishedNow() + " AND published = 0";
    }

    /**
     * Writes latencies and acknowledgements in one transaction, without a sync of its own: the next entry's
     * commit syncs the WAL, these pages with it (or the next checkpoint does). Neither is a record: a crash of the
     * process loses nothing written here, and a power cut before that sync only means events sent again, an entry
     * perhaps without its {@code latency_us}. Its own sync cost a second flush to the card per scan.
     */
    void write(AckBuffer.Pending pending) throws SQLException {
        relaxSync();
        inTransaction(() -> {
            update(pending);
            return null;
        });
        restoreSync();
    }

    /** The latencies' and acknowledgements' updates, inside the caller's transaction. */
    private void update(AckBuffer.Pending pending) throws SQLException {
        try {
            for (Map.Entry<Long, Long> e : pending.latencies().entrySet()) {
                latency.setLong(1, e.getValue());
                latency.setLong(2, e.getKey());
                latency.addBatch();
            }
            addAckRuns(pending.acks());
            latency.executeBatch();
            ack.executeBatch();
        } finally {
            latency.clearBatch();
            ack.clearBatch();
        }
        if (!pending.acks().isEmpty()) {
            lowestUnpublishedMoved = true;
        }
    }

    /**
     * One update per run of consecutive seqs: a drain's acknowledgements are nearly all consecutive. Their writes were
     * about a third of the outbox's work in a drain; one statement per run instead of one per row (256 at each write)
     * made them about 15 % cheaper.
     */
    private void addAckRuns(Set<Long> acks) throws SQLException {
        long[] seqs = acks.stream().mapToLong(Long::longValue).sorted().toArray();
        int start = 0;
        for (int i = 1; i <= seqs.length; i++) {
            if (i == seqs.length || seqs[i] != seqs[i - 1] + 1) {
                ack.setLong(1, seqs[start]);
                ack.setLong(2, seqs[i - 1]);
                ack.addBatch();
                start = i;
            }
        }
    }

    private void relaxSync() throws SQLException {
        if (durability != Durability.PROCESS_SAFE) {
            relaxed = true;
            setSynchronous(Durability.PROCESS_SAFE);
        }
    }

    /** Back to the configured level; an insert tries again first when this failed, and fails rather than commit less safely. */
    private void restoreSync() throws SQLException {
        if (relaxed) {
            setSynchronous(durability);
            relaxed = false;
        }
    }

    private void setSynchronous(Durability level) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA synchronous = " + level.synchronous());
        }
    }

    /** Checkpoints in the commit that takes the log past {@code pages}; none when 0. */
    void autoCheckpoint(int pages) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = " + pages);
        }
    }

    /** Counts this start in the file and returns its number, 1 for the first. */
    long nextBoot() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("INSERT INTO meta(key, value) VALUES ('boot', '1')"
                    + " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
        }
        return queryLong("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'boot'");
    }

    long queryLong(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close(); // closes the prepared statements with it
    }

    /** A piece of work on the connection that may fail. */
    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} as one transaction: committed when it returns, rolled back when it throws. */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException e) {
            rollbackQuietly();
            throw e;
        } finally {
            autoCommitQuietly();
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    private void autoCommitQuietly() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken; the next statement reports it
        }
    }
}
