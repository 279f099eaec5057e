package org.onedoor.terminal.ledger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.onedoor.terminal.store.DamagedStore;

/**
 * Copies what can still be read from a damaged ledger into a new, empty one, in one transaction, before the new
 * one takes its boot. Rows keep their seq, id and published flag: the county deduplicates by id, and the new
 * ledger's seq and boot continue after the old ones wherever the old file still says what they were.
 *
 * <p>Rows are read by seq in chunks; a chunk that fails is read row by row, so one bad page costs only the rows
 * on it. Published rows are salvaged too: they are the venue's own copy for {@code replay} until retention.
 */
final class Salvage {
    private static final int CHUNK = 256;
    private static final int SQLITE_CONSTRAINT = 19;

    private Salvage() {
    }

    static Recovery copy(Path damagedFile, Connection into, DamagedStore damaged) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        long oldBoot = 0;
        long highest = -1;
        long unreadable = -1;
        try (Connection from = DriverManager.getConnection("jdbc:sqlite:" + damagedFile)) {
            oldBoot = firstReadable(from, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'boot'");
            // sqlite_sequence before v5, meta's seq_floor since: whichever the old file still has.
            highest = Math.max(Math.max(firstReadable(from, "SELECT seq FROM sqlite_sequence WHERE name = 'events'"),
                    firstReadable(from, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'seq_floor'")),
                    firstReadable(from, "SELECT max(seq) FROM events"));
            unreadable = highest < 0 ? readUntilError(from, rows) : readBySeq(from, highest, rows);
        } catch (SQLException e) {
            // Not even opened as a database (random bytes, a truncated header): nothing to salvage.
        }
        try {
            return write(into, rows, oldBoot, highest, unreadable, damaged);
        } catch (SQLException e) {
            // The gate must start even so: the old file stays aside, and the alert says the copy failed.
            return new Recovery(damaged, 0, 0, unreadable, e.getMessage().lines().findFirst().orElse("failed"));
        }
    }

    /** -1 when the value cannot be read. */
    private static long firstReadable(Connection c, String sql) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() && rs.getObject(1) != null ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    /** @return how many rows exist but could not be read */
    private static long readBySeq(Connection from, long highest, List<Map<String, Object>> rows) {
        long unreadable = 0;
        for (long first = 1; first <= highest; first += CHUNK) {
            long last = Math.min(highest, first + CHUNK - 1);
            try {
                rows.addAll(read(from, first, last));
            } catch (SQLException chunkFailed) {
                for (long seq = first; seq <= last; seq++) {
                    try {
                        rows.addAll(read(from, seq, seq));
                    } catch (SQLException rowFailed) {
                        unreadable++;
                    }
                }
            }
        }
        return unreadable;
    }

    /** Without a highest seq the size is unknown: rows in order until the first one that fails. */
    private static long readUntilError(Connection from, List<Map<String, Object>> rows) {
        try (Statement s = from.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM events ORDER BY seq")) {
            while (rs.next()) {
                rows.add(row(rs));
            }
        } catch (SQLException e) {
            // what was read before the damage is kept
        }
        return -1;
    }

    private static List<Map<String, Object>> read(Connection from, long first, long last) throws SQLException {
        try (PreparedStatement q = from.prepareStatement("SELECT * FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq")) {
            q.setLong(1, first);
            q.setLong(2, last);
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            row.put(md.getColumnName(i), rs.getObject(i));
        }
        return row;
    }

    /** Copies the rows, then sets boot and seq so the new ledger continues after the old. */
    private static Recovery write(Connection into, List<Map<String, Object>> rows, long oldBoot, long highest,
                                  long unreadable, DamagedStore damaged) throws SQLException {
        Set<String> columns = columns(into);
        long copied = 0;
        long unpublished = 0;
        long maxBoot = Math.max(0, oldBoot);
        long maxSeq = highest;
        into.setAutoCommit(false);
        try {
            for (Map<String, Object> row : rows) {
                if (insert(into, row, columns)) {
                    copied++;
                    unpublished += ((Number) row.getOrDefault("published", 0)).longValue() == 0 ? 1 : 0;
                    maxBoot = Math.max(maxBoot, ((Number) row.get("boot")).longValue());
                    maxSeq = Math.max(maxSeq, ((Number) row.get("seq")).longValue());
                } else if (unreadable >= 0) {
                    unreadable++;
                }
            }
            continueAfter(into, maxBoot, maxSeq);
            into.commit();
        } catch (SQLException e) {
            into.rollback();
            throw e;
        } finally {
            into.setAutoCommit(true);
        }
        return new Recovery(damaged, copied, unpublished, unreadable, null);
    }

    private static Set<String> columns(Connection c) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA table_info(events)")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return names;
    }

    /** False when the row read back is not a whole event (a damaged cell): it is counted, not copied. */
    private static boolean insert(Connection into, Map<String, Object> row, Set<String> columns) throws SQLException {
        List<String> names = row.keySet().stream().filter(columns::contains).toList();
        if (!(row.get("seq") instanceof Number) || !(row.get("boot") instanceof Number)) {
            return false;
        }
        String sql = "INSERT OR IGNORE INTO events (" + String.join(", ", names) + ") VALUES ("
                + String.join(", ", names.stream().map(n -> "?").toList()) + ")";
        try (PreparedStatement insert = into.prepareStatement(sql)) {
            for (int i = 0; i < names.size(); i++) {
                insert.setObject(i + 1, row.get(names.get(i)));
            }
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            if (e.getErrorCode() == SQLITE_CONSTRAINT) {
                return false;
            }
            throw e;
        }
    }

    private static void continueAfter(Connection into, long boot, long seq) throws SQLException {
        try (PreparedStatement b = into.prepareStatement("INSERT INTO meta(key, value) VALUES ('boot', ?)"
                + " ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            b.setString(1, Long.toString(boot));
            b.executeUpdate();
        }
        if (seq <= 0) {
            return;
        }
        try (PreparedStatement s = into.prepareStatement("INSERT INTO meta(key, value) VALUES ('seq_floor', ?)"
                + " ON CONFLICT(key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))")) {
            s.setLong(1, seq);
            s.executeUpdate();
        }
    }
}
