package org.onedoor.terminal.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.onedoor.terminal.store.StoreFiles;
import org.tinylog.Logger;

/**
 * The last colour the service gave for each person, so that a short service outage does not stop
 * everyone at the gate. Keyed by pseudonym only: no subject or code text ever reaches this file.
 *
 * <p>Two SQLite connections: lookups read on one, writes go through the other, so a lookup — a scan waiting
 * to open the gate — never waits for a batch being written. This object's monitor guards only the puts in
 * memory. WAL with {@code synchronous=NORMAL} may lose the last writes on power loss, which for a cache only
 * means a few more online lookups.
 *
 * <p>Puts wait in memory, where lookups see them, and are written together: once {@link #WRITE_AT}
 * wait, when one has waited {@link #WRITE_AFTER} by the next put, and at close. A put of its own
 * wrote a page of the table and of each of its two indexes, some 3 KiB to the SD card per person;
 * a batch shares the pages its rows fall on. A crash or power cut loses at most those waiting: for
 * a cache, only online lookups that would not have been needed. The daemon's cache writes each batch
 * on a thread of its own ({@link #inBackground}), not on the scan whose put filled it; the rows stay
 * visible to lookups from memory until their commit.
 *
 * <p>The row count is bounded. Counting on every put would double its cost, so the bound is checked
 * every {@code checkInterval} puts, and each check evicts the oldest-fetched rows down to
 * {@code maxEntries - checkInterval}: the table then never exceeds {@code maxEntries} between checks,
 * at the price of using about 99% of the allowance.
 */
public final class StatusCache implements AutoCloseable {

    public static final String FILE_NAME = "status-cache.db";
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    private static final int PAGE_SIZE = 1_024;
    /** Puts written together once this many wait. */
    static final int WRITE_AT = 64;
    /** A put waits at most about this long, if another put follows: an idle gate writes at close. */
    static final Duration WRITE_AFTER = Duration.ofSeconds(10);

    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS status_cache ("
            + " pseudonym TEXT PRIMARY KEY, status TEXT NOT NULL,"
            + " valid_until_ms INTEGER NOT NULL, fetched_at_ms INTEGER NOT NULL)";
    private static final String FETCHED_INDEX =
            "CREATE INDEX IF NOT EXISTS status_cache_fetched ON status_cache (fetched_at_ms)";
    // An answer fetched earlier than the stored one (two lanes racing) does not overwrite it.
    private static final String UPSERT = "INSERT INTO status_cache (pseudonym, status, valid_until_ms, fetched_at_ms)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (pseudonym) DO UPDATE SET status = excluded.status,"
            + " valid_until_ms = excluded.valid_until_ms, fetched_at_ms = excluded.fetched_at_ms"
            + " WHERE excluded.fetched_at_ms >= status_cache.fetched_at_ms";
    private static final String SELECT =
            "SELECT status, valid_until_ms, fetched_at_ms FROM status_cache WHERE pseudonym = ?";
    private static final String COUNT = "SELECT COUNT(*) FROM status_cache";
    private static final String EVICT_OLDEST = "DELETE FROM status_cache WHERE pseudonym IN"
            + " (SELECT pseudonym FROM status_cache ORDER BY fetched_at_ms LIMIT ?)";

    private final CacheTtl ttl;
    private final int maxEntries;
    private final int checkInterval;
    /** Writes, and counts; guarded by {@link #writeLock}. */
    private final Connection db;
    /** Lookups; guarded by {@link #reads}. */
    private final Connection reader;
    private final PreparedStatement upsert;
    private final PreparedStatement select;
    private final PreparedStatement count;
    private final PreparedStatement evictOldest;
    private final Object writeLock = new Object();
    private final Object reads = new Object();
    /** Where a due batch is written; {@code null}: on the thread whose put made it due. */
    private final Executor writer;
    /** The writer's thread when the cache made it, shut down at close. */
    private final ExecutorService ownWriter;
    private final RepeatLimiter repeats = new RepeatLimiter();
    private int putsUntilCheck;
    /** Puts not written yet, by pseudonym: the newest fetch of each. */
    private final Map<String, CachedRow> unwritten = new HashMap<>();
    /** Puts handed to a write that has not committed yet: lookups still find them here. */
    private final Map<String, CachedRow> writing = new HashMap<>();
    private long firstUnwrittenNanos;

    private record CachedRow(HealthStatus status, long validUntilMs, long fetchedAtMs) {
    }

    /** A cache of at most {@link #DEFAULT_MAX_ENTRIES} rows in {@code dataDir/status-cache.db}, one ttl for all colours. */
    public StatusCache(Path dataDir, Duration ttl) throws IOException {
        this(dataDir, CacheTtl.all(ttl), DEFAULT_MAX_ENTRIES);
    }

    /**
     * Opens or creates {@code dataDir/status-cache.db}, creating the directory if needed.
     *
     * @param ttl        how long a fetched colour may stand in for the service, at most, per colour
     * @param maxEntries how many people the cache remembers, at most
     */
    public StatusCache(Path dataDir, CacheTtl ttl, int maxEntries) throws IOException {
        this(dataDir, ttl, maxEntries, null, null);
    }

    /** As {@link #StatusCache(Path, CacheTtl, int)}, writing each batch on a thread of its own. */
    public static StatusCache inBackground(Path dataDir, CacheTtl ttl, int maxEntries) throws IOException {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "status-cache-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            return new StatusCache(dataDir, ttl, maxEntries, thread, thread);
        } catch (IOException | RuntimeException e) {
            thread.shutdownNow();
            throw e;
        }
    }

    /** Batches written by {@code writer}, whose queued writes close does not wait for. */
    StatusCache(Path dataDir, CacheTtl ttl, int maxEntries, Executor writer) throws IOException {
        this(dataDir, ttl, maxEntries, writer, null);
    }

    private StatusCache(Path dataDir, CacheTtl ttl, int maxEntries, Executor writer, ExecutorService ownWriter)
            throws IOException {
        this.writer = writer;
        this.ownWriter = ownWriter;
        for (Duration d : List.of(ttl.green(), ttl.yellow(), ttl.red())) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("ttl must be positive: " + d);
            }
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.checkInterval = Math.max(1, maxEntries / 100);
        Path file = Files.createDirectories(dataDir).resolve(FILE_NAME);
        try {
            this.db = DriverManager.getConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw cannotOpen(file, e);
        }
        Connection opened = null;
        try {
            createSchema();
            opened = DriverManager.getConnection("jdbc:sqlite:" + file);
            this.reader = opened;
            try (Statement statement = reader.createStatement()) {
                statement.execute("PRAGMA busy_timeout=2000");
            }
            this.upsert = db.prepareStatement(UPSERT);
            this.select = reader.prepareStatement(SELECT);
            this.count = db.prepareStatement(COUNT);
            this.evictOldest = db.prepareStatement(EVICT_OLDEST);
        } catch (SQLException e) {
            closeQuietly(opened);
            closeQuietly(db);
            throw cannotOpen(file, e);
        }
    }

    /** Opening is part of start-up, where a broken data directory is an I/O problem like any other. */
    private static IOException cannotOpen(Path file, SQLException e) {
        return new IOException("cannot open status cache " + file + " (SQLite error " + e.getErrorCode() + ")", e);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already failing to open; the first error is the one to report
        }
    }

    private void createSchema() throws SQLException {
        try (Statement statement = db.createStatement()) {
            // A new file only. A put changes a page of the table and one of each index, each written whole to the
            // WAL: SQLite's default of 4 KiB was 12 KiB to the card per person cached.
            statement.execute("PRAGMA page_size=" + PAGE_SIZE);
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=NORMAL");
            statement.execute("PRAGMA busy_timeout=2000");
            StoreFiles.requireIntact(db);
            statement.execute(SCHEMA);
            statement.execute(FETCHED_INDEX);
        }
    }

    /**
     * Remembers a colour the service gave; {@link HealthStatus#UNKNOWN} is not a colour and is refused. A batch this
     * put makes due is written here, or on the cache's writer thread ({@link #inBackground}), where a failure is
     * logged rather than thrown.
     */
    public void put(String pseudonym, HealthStatus status, Instant validUntil, Instant fetchedAt)
            throws SQLException {
        Objects.requireNonNull(pseudonym, "pseudonym");
        if (status == HealthStatus.UNKNOWN) {
            throw new IllegalArgumentException("only a colour the service gave can be cached");
        }
        Batch checked = null;
        Batch due = null;
        synchronized (this) {
            if (--putsUntilCheck <= 0) {
                checked = takeUnwritten(true); // the bound counts what waits, as of before this put
                putsUntilCheck = checkInterval;
            }
            if (unwritten.isEmpty()) {
                firstUnwrittenNanos = System.nanoTime();
            }
            // An answer fetched earlier than the one waiting (two lanes racing) does not replace it.
            unwritten.merge(pseudonym, new CachedRow(status, validUntil.toEpochMilli(), fetchedAt.toEpochMilli()),
                    (waiting, put) -> put.fetchedAtMs() >= waiting.fetchedAtMs() ? put : waiting);
            if (unwritten.size() >= WRITE_AT || System.nanoTime() - firstUnwrittenNanos >= WRITE_AFTER.toNanos()) {
                due = takeUnwritten(false);
            }
        }
        submit(checked);
        submit(due);
    }

    /** Writes the batch on this thread or hands it to the writer's; nothing when there is none. */
    private void submit(Batch batch) throws SQLException {
        if (batch == null) {
            return;
        }
        if (writer == null) {
            write(batch);
        } else {
            writer.execute(() -> writeLogged(batch));
        }
    }

    /** Puts handed to one write, and whether the bound is checked after it. */
    private record Batch(Map<String, CachedRow> rows, boolean evict) {
    }

    /** Moves the waiting puts to {@link #writing}, where lookups still find them; guarded by this. */
    private Batch takeUnwritten(boolean evict) {
        Map<String, CachedRow> rows = new HashMap<>(unwritten);
        unwritten.clear();
        rows.forEach(writing::put);
        return new Batch(rows, evict);
    }

    private void writeLogged(Batch batch) {
        try {
            write(batch);
        } catch (SQLException e) {
            repeats.admit("write").ifPresent(held -> Logger.warn("status cache write failed (SQLite error {}){}",
                    e.getErrorCode(), held));
        }
    }

    /**
     * Writes a batch in one transaction, then keeps the table within its bound when the batch asks; on failure its
     * puts are dropped (a cache miss each) and it throws. Lookups find the puts in memory until the commit.
     */
    private void write(Batch batch) throws SQLException {
        synchronized (writeLock) {
            try {
                writeRows(batch.rows());
                if (batch.evict()) {
                    evictToMakeRoom();
                }
            } finally {
                synchronized (this) {
                    batch.rows().forEach(writing::remove);
                }
            }
        }
    }

    private void writeRows(Map<String, CachedRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try {
            db.setAutoCommit(false);
            for (Map.Entry<String, CachedRow> e : rows.entrySet()) {
                upsert.setString(1, e.getKey());
                upsert.setString(2, e.getValue().status().wireName());
                upsert.setLong(3, e.getValue().validUntilMs());
                upsert.setLong(4, e.getValue().fetchedAtMs());
                upsert.addBatch();
            }
            upsert.executeBatch();
            db.commit();
        } catch (SQLException e) {
            rollbackQuietly(e);
            throw e;
        } finally {
            upsert.clearBatch();
            db.setAutoCommit(true);
        }
    }

    private void rollbackQuietly(SQLException cause) {
        try {
            db.rollback();
        } catch (SQLException rollback) {
            cause.addSuppressed(rollback);
        }
    }

    private void evictToMakeRoom() throws SQLException {
        long excess = countRows() - (maxEntries - checkInterval);
        if (excess > 0) {
            evictOldest.setLong(1, excess);
            evictOldest.executeUpdate();
        }
    }

    /** The colour kept for this person, when {@code now} is before both its valid_until and its ttl. */
    public Optional<CachedStatus> fresh(String pseudonym, Instant now) throws SQLException {
        return latest(pseudonym).filter(cached -> now.isBefore(cached.freshUntil()));
    }

    /** The colour kept for this person, fresh or not: mode {@code lenient} may still use an older green. */
    public Optional<CachedStatus> latest(String pseudonym) throws SQLException {
        CachedRow waiting = waiting(pseudonym);
        if (waiting != null) {
            return Optional.of(toCachedStatus(waiting));
        }
        synchronized (reads) {
            select.setString(1, pseudonym);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(toCachedStatus(row)) : Optional.empty();
            }
        }
    }

    /** The put not yet committed for this person, if any: a waiting one is newer than one being written. */
    private synchronized CachedRow waiting(String pseudonym) {
        CachedRow row = unwritten.get(pseudonym);
        return row != null ? row : writing.get(pseudonym);
    }

    private CachedStatus toCachedStatus(ResultSet row) throws SQLException {
        HealthStatus status = HealthStatus.fromServiceWire(row.getString(1))
                .orElseThrow(() -> new SQLException("unexpected status in the status cache"));
        return toCachedStatus(new CachedRow(status, row.getLong(2), row.getLong(3)));
    }

    private CachedStatus toCachedStatus(CachedRow row) {
        HealthStatus status = row.status();
        Instant validUntil = Instant.ofEpochMilli(row.validUntilMs());
        Instant fetchedAt = Instant.ofEpochMilli(row.fetchedAtMs());
        Instant ttlEnd = fetchedAt.plus(ttlOf(status));
        return new CachedStatus(status, validUntil, fetchedAt, validUntil.isBefore(ttlEnd) ? validUntil : ttlEnd);
    }

    private Duration ttlOf(HealthStatus status) {
        return switch (status) {
            case GREEN -> ttl.green();
            case YELLOW -> ttl.yellow();
            default -> ttl.red();
        };
    }

    /** How many people the cache holds, fresh or not; the puts waiting are written first. */
    public long size() throws SQLException {
        Batch waiting;
        synchronized (this) {
            waiting = takeUnwritten(false);
        }
        synchronized (writeLock) {
            write(waiting);
            return countRows();
        }
    }

    private long countRows() throws SQLException {
        try (ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Writes what waits, and what was handed to a writer that has not written it, then closes the file. */
    @Override
    public void close() throws SQLException {
        if (ownWriter != null) {
            ownWriter.shutdown();
            try {
                ownWriter.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Batch rest;
        synchronized (this) {
            Map<String, CachedRow> rows = new HashMap<>(writing);
            rows.putAll(unwritten); // a waiting put is newer than one being written
            unwritten.clear();
            writing.clear();
            rest = new Batch(rows, false);
        }
        synchronized (writeLock) {
            try {
                writeRows(rest.rows());
            } finally {
                try {
                    synchronized (reads) {
                        reader.close();
                    }
                } finally {
                    db.close(); // closes the prepared statements with it
                }
            }
        }
    }
}
