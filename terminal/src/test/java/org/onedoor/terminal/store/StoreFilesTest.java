package org.onedoor.terminal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.command.SeenIds;

/** Only damage moves a store aside: a locked file or a full disk leaves it where it is. */
class StoreFilesTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T06:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final List<DamagedStore> reported = new ArrayList<>();

    private SeenIds openCommands() throws SQLException {
        return StoreFiles.openOrMoveAside(dir.resolve(SeenIds.FILE), "commands", CLOCK,
                () -> SeenIds.open(dir, CLOCK), reported::add);
    }

    @Test
    void aDamagedStoreIsMovedAsideWithItsCompanionsAndAnEmptyOneOpened() throws Exception {
        byte[] junk = new byte[8192];
        new Random(1).nextBytes(junk);
        Files.write(dir.resolve(SeenIds.FILE), junk);
        try (SeenIds seen = openCommands()) {
            assertEquals(0, seen.size());
        }
        assertEquals(1, reported.size());
        DamagedStore damaged = reported.get(0);
        assertEquals("commands.db.damaged-20261204T060000.000Z", damaged.movedTo());
        assertTrue(damaged.problem().contains("SQLITE_NOTADB"), damaged.problem());
        assertEquals(junk.length, Files.size(dir.resolve(damaged.movedTo())), "kept as it was");
        assertEquals("high", damaged.alert(java.util.Map.of()).severity().wire());
    }

    @Test
    void theWalAndSharedMemoryGoWithTheirDatabase() throws Exception {
        for (String name : List.of("x.db", "x.db-wal", "x.db-shm")) {
            Files.writeString(dir.resolve(name), name);
        }
        DamagedStore damaged = StoreFiles.moveAside(dir.resolve("x.db"), "status_cache", new SQLException("x", null, 11),
                CLOCK);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("x.db.damaged-20261204T060000.000Z", "x.db.damaged-20261204T060000.000Z-shm",
                    "x.db.damaged-20261204T060000.000Z-wal"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("x.db-wal", Files.readString(dir.resolve(damaged.movedTo() + "-wal")));
        assertEquals("warning", damaged.alert(java.util.Map.of()).severity().wire(), "a cache costs only lookups");
    }

    @Test
    void aLockedStoreStaysWhereItIs() throws Exception {
        try (SeenIds first = openCommands()) {
            first.firstSighting("req-1", Instant.parse("2030-01-01T00:00:00Z"));
        }
        try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SeenIds.FILE));
             Statement s = holder.createStatement()) {
            s.execute("PRAGMA journal_mode = DELETE");
            s.execute("PRAGMA locking_mode = EXCLUSIVE");
            s.execute("BEGIN EXCLUSIVE");
            SQLException e = assertThrows(SQLException.class, this::openCommands);
            assertFalse(StoreFiles.isDamage(e), e.getMessage());
        }
        assertEquals(List.of(), reported);
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains("damaged")));
        }
        try (SeenIds again = openCommands()) {
            assertEquals(1, again.size(), "nothing was lost to a lock");
        }
    }

    @Test
    void onlyNotADatabaseAndCorruptAreDamage() {
        assertTrue(StoreFiles.isDamage(new java.io.IOException("wrapped", new SQLException("x", null, 26))));
        assertTrue(StoreFiles.isDamage(new SQLException("x", null, 11)));
        for (int transientCode : new int[] {5, 6, 10, 13, 14, 8}) { // busy, locked, I/O, full, cannot open, read-only
            assertFalse(StoreFiles.isDamage(new SQLException("x", null, transientCode)), "code " + transientCode);
        }
    }
}
