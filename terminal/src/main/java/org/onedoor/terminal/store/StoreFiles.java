package org.onedoor.terminal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

/**
 * The terminal's SQLite files on a card that can go bad. A file is <em>damaged</em> only when SQLite says so
 * ({@code SQLITE_NOTADB}, {@code SQLITE_CORRUPT}, or a {@code PRAGMA quick_check} that is not "ok"). A locked
 * file, a full disk, a failed read or a missing permission are not damage: moving data aside for one of those
 * would throw good records away over a passing fault, so they fail the start as before.
 */
public final class StoreFiles {
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;
    /** What SQLite keeps beside a database; a stale WAL applied to a fresh file would corrupt it. */
    private static final List<String> COMPANIONS = List.of("-wal", "-shm", "-journal");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private StoreFiles() {
    }

    /** Opens a store; throws what its own open throws. */
    @FunctionalInterface
    public interface Opener<T, E extends Exception> {
        T open() throws E;
    }

    /**
     * Opens the store in {@code file}; when it is damaged, moves it aside, tells {@code onDamage} and opens an
     * empty one. For stores whose content is disposable: the status cache and the command store.
     *
     * @throws E what the open threw when the file is not damaged, or when even the empty file cannot be opened
     */
    public static <T, E extends Exception> T openOrMoveAside(Path file, String store, Clock clock,
            Opener<T, E> opener, Consumer<DamagedStore> onDamage) throws E {
        try {
            return opener.open();
        } catch (Exception e) {
            if (!isDamage(e)) {
                throw e;
            }
            DamagedStore damaged;
            try {
                damaged = moveAside(file, store, e, clock);
            } catch (IOException notMoved) {
                e.addSuppressed(notMoved);
                throw e;
            }
            T fresh = opener.open();
            onDamage.accept(damaged);
            return fresh;
        }
    }

    /** True when {@code e}, or an exception it wraps, is SQLite saying the file is not a sound database. */
    public static boolean isDamage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (sql.getErrorCode() == SQLITE_CORRUPT
                    || sql.getErrorCode() == SQLITE_NOTADB)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code PRAGMA quick_check}: the file's structure, without comparing indexes to tables (O(pages), a few
     * milliseconds per megabyte).
     *
     * @throws SQLException with {@code SQLITE_CORRUPT} naming the first problem when the check fails
     */
    public static void requireIntact(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(1)")) {
            String first = rs.next() ? rs.getString(1) : "no answer";
            if (!"ok".equals(first)) {
                throw new SQLException("quick_check: " + first, null, SQLITE_CORRUPT);
            }
        }
    }

    /**
     * Renames {@code file} and its WAL, shared-memory and journal files to {@code <name>.damaged-<UTC time>}
     * (the companions keep their suffix, so SQLite still reads them with it). Nothing is deleted.
     */
    public static DamagedStore moveAside(Path file, String store, Throwable problem, Clock clock) throws IOException {
        Path target = file.resolveSibling(file.getFileName() + ".damaged-" + STAMP.format(clock.instant()));
        for (int n = 2; Files.exists(target); n++) {
            target = file.resolveSibling(file.getFileName() + ".damaged-" + STAMP.format(clock.instant()) + "-" + n);
        }
        for (String suffix : COMPANIONS) {
            Path companion = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(companion)) {
                Files.move(companion, target.resolveSibling(target.getFileName() + suffix),
                        StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        return new DamagedStore(store, target.getFileName().toString(), describe(problem));
    }

    /** SQLite's own words for the fault, never more than its first line. */
    private static String describe(Throwable problem) {
        for (Throwable t = problem; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getMessage() != null) {
                return sql.getMessage().lines().findFirst().orElse("damaged");
            }
        }
        return "damaged";
    }
}
