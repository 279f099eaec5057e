package org.onedoor.terminal.county.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The county's schema, one numbered step after another; a store records the steps it has taken in
 * {@code schema_version}, so a newer collector upgrades an older store in place and an older one refuses a newer store.
 */
final class Migrations {
    private static final long LOCK = 0x0de0_c0_17L;
    private Migrations() {
    }

    static List<List<String>> steps(Dialect d) {
        return List.of(List.of(
                "CREATE TABLE events (id VARCHAR(64) PRIMARY KEY, kind VARCHAR(16) NOT NULL, county VARCHAR(6) NOT NULL,"
                        + " venue VARCHAR(64) NOT NULL, terminal VARCHAR(64) NOT NULL, entrance VARCHAR(256), lane VARCHAR(64),"
                        + " direction VARCHAR(8), result VARCHAR(16), subject VARCHAR(64), seq BIGINT NOT NULL, boot BIGINT,"
                        + " mono_ms BIGINT, ts_ms BIGINT NOT NULL, clock_synced " + d.flag + ", corrected_ms BIGINT NOT NULL,"
                        + " estimate " + d.flag + ", received_ms BIGINT NOT NULL, payload TEXT NOT NULL)",
                "CREATE INDEX events_terminal_seq ON events (county, terminal, seq)",
                "CREATE INDEX events_person ON events (county, terminal, subject, corrected_ms)",
                "CREATE INDEX events_venue_time ON events (county, venue, corrected_ms)",
                "CREATE TABLE clocks (county VARCHAR(6) NOT NULL, terminal VARCHAR(64) NOT NULL, boot BIGINT NOT NULL,"
                        + " ts_ms BIGINT NOT NULL, mono_ms BIGINT NOT NULL, PRIMARY KEY (county, terminal, boot))",
                // The terminals heard from, so that a trace need not scan the events to find them.
                "CREATE TABLE terminals (county VARCHAR(6) NOT NULL, terminal VARCHAR(64) NOT NULL, venue VARCHAR(64) NOT NULL,"
                        + " PRIMARY KEY (county, terminal))",
                "CREATE TABLE replays (county VARCHAR(6) NOT NULL, terminal VARCHAR(64) NOT NULL, from_seq BIGINT NOT NULL,"
                        + " to_seq BIGINT NOT NULL, sent_ms BIGINT NOT NULL, PRIMARY KEY (county, terminal, from_seq))"),
                // Each terminal's latest identity message, replaced by a later one (not an event: it has no seq).
                List.of("CREATE TABLE identities (county VARCHAR(6) NOT NULL, terminal VARCHAR(64) NOT NULL,"
                        + " venue VARCHAR(64) NOT NULL, ts_ms BIGINT, received_ms BIGINT NOT NULL, payload TEXT NOT NULL,"
                        + " PRIMARY KEY (county, terminal))"));
    }

    static void apply(Connection c, Dialect d) throws SQLException {
        List<List<String>> steps = steps(d);
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            if (d == Dialect.POSTGRESQL) {
                // Two collectors starting together: one migrates, the other waits and finds it done.
                s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            }
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int version = 0;
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                if (rs.next()) {
                    version = rs.getInt(1);
                }
            }
            if (version > steps.size()) {
                throw new SQLException("the store's schema is version " + version + ", newer than this collector's "
                        + steps.size() + "; upgrade the collector");
            }
            for (int v = version; v < steps.size(); v++) {
                for (String sql : steps.get(v)) {
                    s.execute(sql);
                }
                s.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
