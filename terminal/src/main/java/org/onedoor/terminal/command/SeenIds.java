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

/**
 * The request ids of accepted commands, each kept until its command could no longer be valid, in
 * {@code commands.db} in the data directory. It survives restarts and power cuts (synchronous FULL:
 * commands are rare, and a forgotten id would let an {@code open} run twice).
 */
public final class SeenIds implements AutoCloseable {
    public static final String FILE = "commands.db";

    private final Connection connection;
    private final Clock clock;

    private SeenIds(Connection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /**
     * @throws SQLException when the file cannot be opened or created, or is damaged ({@link StoreFiles#isDamage})
     */
    public static SeenIds open(Path dataDir, Clock clock) throws SQLException {
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
        return new SeenIds(c, clock);
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
            prune.setLong(1, clock.millis());
            prune.executeUpdate();
            insert.setString(1, requestId);
            insert.setLong(2, keepUntil.toEpochMilli());
            return insert.executeUpdate() == 1;
        }
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
