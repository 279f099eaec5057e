package org.onedoor.terminal.county;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.onedoor.terminal.county.ingest.EventParser;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.county.store.Gap;
import org.onedoor.terminal.county.store.StoredEntry;
import org.onedoor.terminal.testing.PostgresServer;

class EventStoreTest {
    static final String P = "5f1c".repeat(16);
    private static PostgresServer postgres;
    private static int databases;

    @TempDir
    Path dir;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }

    /** A new empty store of the kind named. */
    static String location(String kind, Path dir) {
        if (kind.equals("sqlite")) {
            return dir.resolve("county.db").toString();
        }
        if (postgres == null) {
            postgres = PostgresServer.start();
        }
        return postgres.newDatabase("county_" + (++databases));
    }

    static CountyEvent parse(String topic, String payload) {
        return new EventParser("onedoor/v1").parse(topic, payload.getBytes(StandardCharsets.UTF_8)).event().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void storesEachEventOnceByItsIdAndAgainIsANoOp(String kind) throws Exception {
        String topic = "onedoor/v1/430124/market/t-1/entry";
        CountyEvent a = parse(topic, CountyEvents.entry("t-1", "market", 1, 1, 1000, Instant.parse("2026-11-21T08:00:00Z"), true, P));
        CountyEvent b = parse(topic, CountyEvents.entry("t-1", "market", 2, 1, 2000, Instant.parse("2026-11-21T08:00:01Z"), true, P));
        try (EventStore store = EventStore.open(location(kind, dir))) {
            store.insert(List.of(a, b), 1);
            store.insert(List.of(a), 2);
            store.insert(List.of(b, a), 3);
            assertEquals(2, store.count());
        }
        // Opening again runs no migration twice and keeps what is stored.
        try (EventStore store = EventStore.open(kind.equals("sqlite") ? dir.resolve("county.db").toString()
                : postgres.url("county_" + databases))) {
            assertEquals(2, store.count());
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void correctsAnUnsynchronisedBootByItsClockEventAndMarksANeverSynchronisedOneAsAnEstimate(String kind) throws Exception {
        String base = "onedoor/v1/430124/market/t-1/";
        Instant believed = Instant.parse("2025-01-01T00:00:00Z");
        // Boot 1 believed it was 2025; its clock event at mono 60 s says the true time was 2026-11-21T08:01:00Z.
        CountyEvent early = parse(base + "entry", CountyEvents.entry("t-1", "market", 1, 1, 10_000, believed, false, P));
        CountyEvent clock = parse(base + "clock", CountyEvents.clock("t-1", "market", 2, 1, 60_000,
                Instant.parse("2026-11-21T08:01:00Z"), 1));
        CountyEvent late = parse(base + "entry", CountyEvents.entry("t-1", "market", 3, 1, 70_000, believed, false, P));
        CountyEvent neverSynced = parse(base + "entry", CountyEvents.entry("t-1", "market", 4, 2, 5_000, believed, false, P));
        try (EventStore store = EventStore.open(location(kind, dir))) {
            store.insert(List.of(early), 1);
            store.insert(List.of(clock, neverSynced), 2);
            store.insert(List.of(late), 3);
            List<StoredEntry> entries = store.entriesOf("430124", "t-1", P, 0, Long.MAX_VALUE);
            assertEquals(3, entries.size());
            assertEquals(Instant.parse("2026-11-21T08:00:10Z").toEpochMilli(), entries.get(1).correctedMs(), "early");
            assertFalse(entries.get(1).estimate());
            assertEquals(Instant.parse("2026-11-21T08:01:10Z").toEpochMilli(), entries.get(2).correctedMs(), "late");
            assertFalse(entries.get(2).estimate());
            assertEquals(believed.toEpochMilli(), entries.get(0).correctedMs(), "never synchronised: its ts");
            assertTrue(entries.get(0).estimate());
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void listsMissingSeqRangesPerTerminalOnceTheyAreOlderThanTheGrace(String kind) throws Exception {
        Instant t = Instant.parse("2026-11-21T08:00:00Z");
        try (EventStore store = EventStore.open(location(kind, dir))) {
            for (long seq : new long[] {1, 2, 6, 7, 9}) {
                store.insert(List.of(parse("onedoor/v1/430124/market/t-1/entry",
                        CountyEvents.entry("t-1", "market", seq, 3, seq * 1000, t, true, P))), seq * 100);
            }
            store.insert(List.of(parse("onedoor/v1/430124/mall/t-2/entry",
                    CountyEvents.entry("t-2", "mall", 5, 1, 1000, t, true, P))), 100);
            assertEquals(List.of(new Gap("430124", "market", "t-1", 3, 3, 5, 600), new Gap("430124", "market", "t-1", 3, 8, 8, 900)),
                    store.gaps(1_000));
            assertEquals(List.of(new Gap("430124", "market", "t-1", 3, 3, 5, 600)), store.gaps(800), "the later one is within its grace");
            store.insert(List.of(parse("onedoor/v1/430124/market/t-1/replay",
                    CountyEvents.entry("t-1", "market", 8, 3, 8000, t, true, P))), 1000);
            assertEquals(1, store.gaps(Long.MAX_VALUE).size());
            // Later passes read on from where the terminal was complete: new gaps and refills are still seen.
            for (long seq : new long[] {11, 3, 4, 5}) {
                store.insert(List.of(parse("onedoor/v1/430124/market/t-1/replay",
                        CountyEvents.entry("t-1", "market", seq, 3, seq * 1000, t, true, P))), 2000 + seq);
                if (seq == 11) {
                    assertEquals(List.of(new Gap("430124", "market", "t-1", 3, 3, 5, 600),
                            new Gap("430124", "market", "t-1", 3, 10, 10, 2011)), store.gaps(Long.MAX_VALUE));
                }
            }
            assertEquals(List.of(new Gap("430124", "market", "t-1", 3, 10, 10, 2011)), store.gaps(Long.MAX_VALUE));
        }
    }
}
