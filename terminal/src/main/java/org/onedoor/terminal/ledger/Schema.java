package org.onedoor.terminal.ledger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations. Each step upgrades the database by one version inside a transaction;
 * a database written by a newer release is refused rather than guessed at.
 */
final class Schema {
    /** The columns of {@code events} besides {@code seq} as v4 left them, in its order. */
    private static final String V4_COLUMNS = "id, kind, ts, epoch_ms, boot, mono_ms, clock_synced, lane, entrance,"
            + " direction, result, reason, status, source, subject, latency_us, alert_type, severity, detail, published,"
            + " mode, status_age_s, risklist_age_s, service_age_s, credential, id_expired";
    private static final String V4_COLUMNS_DECLARED = "id TEXT NOT NULL, kind TEXT NOT NULL, ts TEXT NOT NULL,"
            + " epoch_ms INTEGER NOT NULL, boot INTEGER NOT NULL, mono_ms INTEGER NOT NULL,"
            + " clock_synced INTEGER NOT NULL, lane TEXT, entrance TEXT, direction TEXT, result TEXT, reason TEXT,"
            + " status TEXT, source TEXT, subject TEXT, latency_us INTEGER, alert_type TEXT, severity TEXT, detail TEXT,"
            + " published INTEGER NOT NULL DEFAULT 0, mode TEXT, status_age_s INTEGER, risklist_age_s INTEGER,"
            + " service_age_s INTEGER, credential TEXT, id_expired INTEGER";

    /** Index i holds the statements that take version i to version i + 1. */
    private static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                    // AUTOINCREMENT: a seq is never reused, even after retention deletes the newest rows,
                    // and a rolled-back insert gives its seq back (a record not written takes no seq).
                    "CREATE TABLE events ("
                            + " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                            + " id TEXT NOT NULL UNIQUE,"
                            + " kind TEXT NOT NULL,"
                            + " ts TEXT NOT NULL,"
                            + " epoch_ms INTEGER NOT NULL,"
                            + " boot INTEGER NOT NULL,"
                            + " mono_ms INTEGER NOT NULL,"
                            + " clock_synced INTEGER NOT NULL,"
                            + " lane TEXT, entrance TEXT, direction TEXT, result TEXT, reason TEXT,"
                            + " status TEXT, source TEXT, subject TEXT, latency_us INTEGER,"
                            + " alert_type TEXT, severity TEXT, detail TEXT,"
                            + " published INTEGER NOT NULL DEFAULT 0)",
                    "CREATE INDEX events_unpublished ON events(seq) WHERE published = 0",
                    "CREATE INDEX events_subject ON events(subject, epoch_ms)"),
            // v2: writes per scan are what wears an SD card out. Retention finds old rows by age alone
            // (an index that also held `published` would change at every acknowledgement), and the
            // subject index goes: tracing by person happens at the county, not on the gate.
            List.of("CREATE INDEX events_age ON events(epoch_ms)", "DROP INDEX events_subject"),
            // v3: every entry says in which mode it was decided and how fresh the knowledge behind it was.
            List.of("ALTER TABLE events ADD COLUMN mode TEXT",
                    "ALTER TABLE events ADD COLUMN status_age_s INTEGER",
                    "ALTER TABLE events ADD COLUMN risklist_age_s INTEGER",
                    "ALTER TABLE events ADD COLUMN service_age_s INTEGER"),
            // v4: every entry says what the person showed; an ID card's may be past its validity. Entries
            // written before know it from their source alone: there were no ID cards yet.
            List.of("ALTER TABLE events ADD COLUMN credential TEXT",
                    "ALTER TABLE events ADD COLUMN id_expired INTEGER",
                    "UPDATE events SET credential = CASE source WHEN 'signed' THEN 'signed' WHEN 'manual' THEN 'button'"
                            + " WHEN 'remote' THEN 'remote' ELSE 'code' END WHERE kind = 'entry'"),
            // v5: an entry's synced commit wrote a page of the table and one of each b-tree beside it (sqlite_sequence,
            // the id index, the unpublished rows, the age), each a frame of its own in the WAL: most of what a scan
            // wrote to the card. The table alone stays. seq is still never reused: the highest ever given is kept in
            // meta as seq_floor wherever the rows no longer show it (after retention or a salvage), and the insert
            // takes the larger of it and the highest seq present (EventStore). Nothing looks an event up by id on the
            // gate; the outbox starts from the lowest unpublished seq, and retention goes up from the lowest seq.
            List.of("CREATE TABLE events_v5 (seq INTEGER PRIMARY KEY, " + V4_COLUMNS_DECLARED + ")",
                    "INSERT INTO events_v5 (seq, " + V4_COLUMNS + ") SELECT seq, " + V4_COLUMNS + " FROM events",
                    "INSERT OR REPLACE INTO meta(key, value)"
                            + " SELECT 'seq_floor', seq FROM sqlite_sequence WHERE name = 'events'",
                    "DROP TABLE events",
                    "ALTER TABLE events_v5 RENAME TO events"));

    static final int CURRENT = MIGRATIONS.size();

    private Schema() {
    }

    static void migrate(Connection c) throws SQLException {
        migrate(c, CURRENT);
    }

    /** Upgrades to {@code target}; tests build older databases with it. */
    static void migrate(Connection c, int target) throws SQLException {
        int version = userVersion(c);
        if (version > CURRENT) {
            throw new LedgerException("the database has schema version " + version + " but this release knows only up to "
                    + CURRENT + "; it was written by a newer OneDoor. Install that release again, or move the file aside.");
        }
        for (int v = version; v < target; v++) {
            applyStep(c, v);
        }
    }

    private static void applyStep(Connection c, int from) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String sql : MIGRATIONS.get(from)) {
                s.execute(sql);
            }
            s.execute("PRAGMA user_version = " + (from + 1));
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
