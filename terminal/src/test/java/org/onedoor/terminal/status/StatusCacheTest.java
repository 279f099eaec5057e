package org.onedoor.terminal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCacheTest {

    private static final Instant T0 = Instant.parse("2024-03-01T08:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(30);

    @TempDir
    Path dataDir;

    @Test
    void validUntilEndsFreshnessWhenItComesFirst() throws Exception {
        try (StatusCache cache = new StatusCache(dataDir, TTL)) {
            Instant validUntil = T0.plus(Duration.ofMinutes(10));
            cache.put("p1", HealthStatus.GREEN, validUntil, T0);

            assertEquals(Optional.of(new CachedStatus(HealthStatus.GREEN, validUntil, T0, validUntil)),
                    cache.fresh("p1", validUntil.minusMillis(1)));
            assertEquals(Optional.empty(), cache.fresh("p1", validUntil));
        }
    }

    @Test
    void ttlEndsFreshnessWhenItComesFirst() throws Exception {
        try (StatusCache cache = new StatusCache(dataDir, TTL)) {
            cache.put("p1", HealthStatus.YELLOW, T0.plus(Duration.ofHours(24)), T0);

            assertEquals(HealthStatus.YELLOW, cache.fresh("p1", T0.plus(TTL).minusMillis(1)).orElseThrow().status());
            assertEquals(Optional.empty(), cache.fresh("p1", T0.plus(TTL)));
        }
    }

    @Test
    void unknownPersonIsNotFresh() throws Exception {
        try (StatusCache cache = new StatusCache(dataDir, TTL)) {
            assertEquals(Optional.empty(), cache.fresh("nobody", T0));
        }
    }

    @Test
    void newerAnswerReplacesOlderButNotTheOtherWayRound() throws Exception {
        try (StatusCache cache = new StatusCache(dataDir, TTL)) {
            Instant validUntil = T0.plus(Duration.ofHours(1));
            cache.put("p1", HealthStatus.GREEN, validUntil, T0);
            cache.put("p1", HealthStatus.RED, validUntil, T0.plusSeconds(5));
            cache.put("p1", HealthStatus.GREEN, validUntil, T0.plusSeconds(1));

            assertEquals(HealthStatus.RED, cache.fresh("p1", T0.plusSeconds(10)).orElseThrow().status());
            assertEquals(1, cache.size());
        }
    }

    @Test
    void unknownIsNotCached() throws Exception {
        try (StatusCache cache = new StatusCache(dataDir, TTL)) {
            assertThrows(IllegalArgumentException.class,
                    () -> cache.put("p1", HealthStatus.UNKNOWN, T0.plusSeconds(60), T0));
        }
    }

    @Test
    void staysWithinItsBoundEvictingTheOldestFetched() throws Exception {
        int maxEntries = 50;
        try (StatusCache cache = new StatusCache(dataDir, CacheTtl.all(TTL), maxEntries)) {
            for (int i = 0; i < 500; i++) {
                cache.put("p" + i, HealthStatus.GREEN, T0.plus(Duration.ofDays(1)), T0.plusSeconds(i));
                assertTrue(cache.size() <= maxEntries, "size " + cache.size() + " after put " + i);
            }
            Instant now = T0.plusSeconds(500);
            assertTrue(cache.fresh("p499", now).isPresent(), "the newest is kept");
            assertTrue(cache.fresh("p0", now).isEmpty(), "the oldest is gone");
            assertTrue(cache.size() >= maxEntries - maxEntries / 100 - 1, "size " + cache.size());
        }
    }

    @Test
    void shrinksToASmallerBoundOnReopen() throws Exception {
        try (StatusCache cache = new StatusCache(dataDir, CacheTtl.all(TTL), 1000)) {
            for (int i = 0; i < 100; i++) {
                cache.put("p" + i, HealthStatus.GREEN, T0.plus(Duration.ofDays(1)), T0.plusSeconds(i));
            }
        }
        try (StatusCache cache = new StatusCache(dataDir, CacheTtl.all(TTL), 10)) {
            cache.put("late", HealthStatus.RED, T0.plus(Duration.ofDays(1)), T0.plusSeconds(1000));
            assertTrue(cache.size() <= 10, "size " + cache.size());
            assertTrue(cache.fresh("late", T0.plusSeconds(1000)).isPresent());
        }
    }

    @Test
    void survivesReopen() throws Exception {
        Instant validUntil = T0.plus(Duration.ofHours(1));
        try (StatusCache cache = new StatusCache(dataDir, TTL)) {
            cache.put("p1", HealthStatus.RED, validUntil, T0);
        }
        try (StatusCache cache = new StatusCache(dataDir, TTL)) {
            assertEquals(HealthStatus.RED, cache.fresh("p1", T0.plusSeconds(1)).orElseThrow().status());
            assertEquals(1, cache.size());
        }
    }

    @Test
    void ttlIsAppliedWhenRead() throws Exception {
        try (StatusCache cache = new StatusCache(dataDir, TTL)) {
            cache.put("p1", HealthStatus.GREEN, T0.plus(Duration.ofHours(24)), T0);
        }
        try (StatusCache shorter = new StatusCache(dataDir, Duration.ofMinutes(1))) {
            assertTrue(shorter.fresh("p1", T0.plus(Duration.ofMinutes(2))).isEmpty());
        }
    }

    @Test
    void usesWriteAheadLogInItsOwnFile() throws Exception {
        try (StatusCache cache = new StatusCache(dataDir.resolve("nested"), TTL)) {
            cache.put("p1", HealthStatus.GREEN, T0.plusSeconds(60), T0);
        }
        Path file = dataDir.resolve("nested").resolve(StatusCache.FILE_NAME);
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet mode = db.createStatement().executeQuery("PRAGMA journal_mode")) {
            mode.next();
            assertEquals("wal", mode.getString(1));
        }
    }

    @Test
    void concurrentWritersAllLand() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try (StatusCache cache = new StatusCache(dataDir, TTL)) {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        cache.put(writer + "-" + i, HealthStatus.GREEN, T0.plusSeconds(600), T0.plusMillis(i));
                    }
                    return null;
                }));
            }
            for (Future<?> writerDone : done) {
                writerDone.get();
            }
            assertEquals(400, cache.size());
        } finally {
            writers.shutdownNow();
        }
    }
    /** Puts wait in memory, seen by lookups, and reach the file together: a batch shares the pages its rows fall on. */
    @Test
    void putsAreWrittenInBatchesAndLookupsSeeThemBefore() throws Exception {
        try (StatusCache cache = new StatusCache(dataDir, TTL)) {
            for (int i = 0; i < StatusCache.WRITE_AT - 1; i++) {
                cache.put("p" + i, HealthStatus.GREEN, T0.plusSeconds(600), T0);
            }
            assertEquals(0, rowsInTheFile(), "nothing written yet");
            assertEquals(HealthStatus.GREEN, cache.fresh("p0", T0).orElseThrow().status(), "found while waiting");
            cache.put("p0", HealthStatus.RED, T0.plusSeconds(600), T0.plusSeconds(1));
            cache.put("p0", HealthStatus.GREEN, T0.plusSeconds(600), T0.minusSeconds(1)); // an older answer, late
            assertEquals(HealthStatus.RED, cache.latest("p0").orElseThrow().status(), "the newer waiting answer holds");
            cache.put("last", HealthStatus.YELLOW, T0.plusSeconds(600), T0);
            assertEquals(StatusCache.WRITE_AT, rowsInTheFile(), "the batch is written once it is full");
            cache.put("after", HealthStatus.GREEN, T0.plusSeconds(600), T0);
            assertEquals(StatusCache.WRITE_AT, rowsInTheFile());
        }
        assertEquals(StatusCache.WRITE_AT + 1, rowsInTheFile(), "close writes what waits");
        try (StatusCache cache = new StatusCache(dataDir, TTL)) {
            assertEquals(HealthStatus.RED, cache.latest("p0").orElseThrow().status());
        }
    }

    /**
     * The daemon's cache: the put that fills a batch (a scan's, on the online path) only hands it over; the rows are
     * written when the writer runs, and lookups find them in memory until then.
     */
    @Test
    void aFullBatchIsHandedToTheWriterNotWrittenByThePut() throws Exception {
        List<Runnable> handedOver = new ArrayList<>();
        try (StatusCache cache = new StatusCache(dataDir, CacheTtl.all(TTL), StatusCache.DEFAULT_MAX_ENTRIES,
                handedOver::add)) {
            cache.put("p0", HealthStatus.GREEN, T0.plusSeconds(600), T0);
            handedOver.remove(0).run(); // the bound's first check, of an empty file
            for (int i = 1; i < StatusCache.WRITE_AT; i++) {
                cache.put("p" + i, HealthStatus.GREEN, T0.plusSeconds(600), T0);
            }
            assertEquals(1, handedOver.size(), "one batch handed over");
            assertEquals(0, rowsInTheFile(), "the put wrote nothing");
            for (int i = 0; i < StatusCache.WRITE_AT; i++) {
                assertEquals(HealthStatus.GREEN, cache.fresh("p" + i, T0).orElseThrow().status(), "p" + i);
            }
            handedOver.remove(0).run();
            assertEquals(StatusCache.WRITE_AT, rowsInTheFile(), "written by the writer");
            assertEquals(HealthStatus.GREEN, cache.fresh("p0", T0).orElseThrow().status(), "read from the file");
        }
    }

    /** The writer's own thread: every batch lands, and the last ones at close. */
    @Test
    void inTheBackgroundEveryPutLands() throws Exception {
        try (StatusCache cache = StatusCache.inBackground(dataDir, CacheTtl.all(TTL), 1000)) {
            for (int i = 0; i < 3 * StatusCache.WRITE_AT + 5; i++) {
                cache.put("p" + i, HealthStatus.GREEN, T0.plusSeconds(600), T0);
            }
            assertEquals(HealthStatus.GREEN, cache.fresh("p0", T0).orElseThrow().status());
        }
        assertEquals(3 * StatusCache.WRITE_AT + 5, rowsInTheFile());
    }

    private long rowsInTheFile() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(StatusCache.FILE_NAME));
             ResultSet rows = db.createStatement().executeQuery("SELECT count(*) FROM status_cache")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
