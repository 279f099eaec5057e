package org.onedoor.terminal.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import org.onedoor.terminal.store.StoreFiles;
import java.util.function.LongSupplier;

/**
 * The request ids of accepted commands, each kept until its command could no longer be valid, in
 * {@code commands.db} in the data directory. It survives restarts and power cuts (synchronous FULL:
 * commands are rare, and a forgotten id would let an {@code open} run twice).
 *
 * <p>An id is forgotten only once its time is past by the wall clock <em>and</em> by the monotonic clock counted
 * from when the store was opened. A wall clock that was ahead and then stepped back (NTP correcting it) would
 * otherwise have let ids go early, and an {@code open} whose id was forgotten would be valid again on the
 * corrected clock.
 */
public final class SeenIds implements AutoCloseable {
    public static final String FILE = "commands.db";

    private final Connection connection;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final long openedWallMs;
    private final long openedNanos;

    private SeenIds(Connection connection, Clock clock, LongSupplier nanoTime) {
        this.connection = connection;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.openedWallMs = clock.millis();
        this.openedNanos = nanoTime.getAsLong();
    }

    /**
     * A store that takes {@code clock} as never stepped, its own monotonic reference: for a clock a test or a
     * tool controls. The daemon gives the system's monotonic clock, {@link #open(Path, Clock, LongSupplier)}.
     *
     * @throws SQLException when the file cannot be opened or created, or is damaged ({@link StoreFiles#isDamage})
     */
    public static SeenIds open(Path dataDir, Clock clock) throws SQLException {
        return open(dataDir, clock, () -> clock.millis() * 1_000_000);
    }

    /**
     * @param nanoTime a clock that is never stepped, such as {@link System#nanoTime}
     * @throws SQLException when the file cannot be opened or created
     */
    public static SeenIds open(Path dataDir, Clock clock, LongSupplier nanoTime) throws SQLException {
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create " + dataDir + ": " + e.getMessage(), e);
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(FILE));
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA busy_timeout = 5000");
            StoreFiles.requireIntact(c);
            s.execute("CREATE TABLE IF NOT EXISTS seen (request_id TEXT PRIMARY KEY, keep_until_ms INTEGER NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS seen_age ON seen(keep_until_ms)");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new SeenIds(c, clock, nanoTime);
    }

    /**
     * Records {@code requestId} until {@code keepUntil}, first forgetting the ids whose time is past.
     *
     * @return false when the id is already recorded: the command is a replay
     * @throws SQLException when it could not be recorded; the caller must not run the command
     */
    public synchronized boolean firstSighting(String requestId, Instant keepUntil) throws SQLException {
        try (PreparedStatement prune = connection.prepareStatement("DELETE FROM seen WHERE keep_until_ms < ?");
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO seen (request_id, keep_until_ms) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            prune.setLong(1, pruneBefore());
            prune.executeUpdate();
            insert.setString(1, requestId);
            insert.setLong(2, keepUntil.toEpochMilli());
            return insert.executeUpdate() == 1;
        }
    }

    /** The earlier of the wall clock and the wall clock as it would read had it never been stepped since opening. */
    private long pruneBefore() {
        long steady = openedWallMs + (nanoTime.getAsLong() - openedNanos) / 1_000_000;
        return Math.min(clock.millis(), steady);
    }

    /** How many ids are recorded. */
    public synchronized long size() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM seen")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
