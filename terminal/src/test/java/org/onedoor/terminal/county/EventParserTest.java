package org.onedoor.terminal.county;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.onedoor.terminal.county.ingest.EventParser;

/**
 * The collector's reading of what a broker sends. The expected refusals are those the earlier reader (a Jackson tree,
 * regular expressions and {@code Instant.parse}) gave for the same bytes: the streaming reader refuses the same messages
 * for the same reasons, and reads the same values from the others.
 */
class EventParserTest {
    private static final String TOPIC = "onedoor/v1/430124/market/t-1/entry";
    private static final String ID = "019a4f3e-7c1a-7b2e-9d4c-2f0e8a6b1c3d";
    private static final String TS = "\"ts\":\"2026-11-21T08:00:00Z\"";
    private static final String GOOD = CountyEvents.entry("t-1", "market", 1, 1, 1000,
            Instant.parse("2026-11-21T08:00:00Z"), true, EventStoreTest.P).replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + ID + "\"");
    private final EventParser parser = new EventParser("onedoor/v1");

    private EventParser.Parsed parse(String topic, String payload) {
        return parser.parse(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEntryIsReadAsATerminalWroteIt() {
        CountyEvent e = parse(TOPIC, GOOD).event().orElseThrow();
        assertEquals(new CountyEvent(ID, "entry", "430124", "market", "t-1", "东门", "east", "entry", "granted",
                EventStoreTest.P, 1, 1L, 1000L, Instant.parse("2026-11-21T08:00:00Z").toEpochMilli(), true, GOOD), e);
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of("{\"id\":", "not JSON"),
                Arguments.of("[1,2,3]", "not a JSON object"),
                Arguments.of("[".repeat(10_000), "not JSON"),
                Arguments.of("", "not a JSON object"),
                Arguments.of("null", "not a JSON object"),
                Arguments.of("\"\\d\" trailing", "not JSON"),
                Arguments.of("{}", "id missing"),
                Arguments.of("{\"id\":1}", "id is not a string"),
                Arguments.of("{\"id\":null}", "id missing"),
                Arguments.of("{\"id\":\"has space\"}", "id is not an event id"),
                Arguments.of(GOOD.replace(ID, "a".repeat(65)), "id is not an event id"),
                Arguments.of(GOOD.replace(ID, "é"), "id is not an event id"),
                Arguments.of(GOOD.replace("\"seq\":1,", "\"seq\":123456789012345678901234567890,"),
                        "seq missing or not a whole number"),
                Arguments.of(GOOD.replace("\"seq\":1,", "\"seq\":9007199254740993,"), "seq missing or not a whole number"),
                Arguments.of(GOOD.replace("\"seq\":1,", "\"seq\":\"1\","), "seq missing or not a whole number"),
                Arguments.of(GOOD.replace("\"seq\":1,", "\"seq\":-1,"), "seq missing or not a whole number"),
                Arguments.of(GOOD.replace("\"seq\":1,", "\"seq\":1.5,"), "seq missing or not a whole number"),
                Arguments.of(GOOD.replace("\"seq\":1,", "\"seq\":1e400,"), "seq missing or not a whole number"),
                Arguments.of(GOOD.replace("\"seq\":1,", "\"seq\":[1],"), "seq missing or not a whole number"),
                Arguments.of(GOOD.replace("\"seq\":1,", "\"seq\":2,\"seq\":\"x\","), "seq missing or not a whole number"),
                Arguments.of(GOOD.replace("\"boot\":1,", "\"boot\":true,"), "boot missing or not a whole number"),
                Arguments.of(GOOD.replace("\"mono_ms\":1000,", ""), "mono_ms missing or not a whole number"),
                Arguments.of(GOOD.replace("\"clock_synced\":true", "\"clock_synced\":\"yes\""),
                        "clock_synced missing or not a boolean"),
                Arguments.of(GOOD.replace(TS, "\"ts\":1764000000000"), "ts is not a string"),
                Arguments.of(GOOD.replace(TS, "\"ts\":\"2026-02-29T08:00:00Z\""),
                        "Text '2026-02-29T08:00:00Z' could not be parsed at index 0"),
                Arguments.of(GOOD.replace(TS, "\"ts\":\"+999999999-12-31T23:59:59Z\""), "unreadable (ArithmeticException)"),
                Arguments.of(GOOD.replace("\"terminal\":\"t-1\"", "\"terminal\":\"t-2\""),
                        "venue or terminal differ from the topic's"),
                Arguments.of(GOOD.replace("\"venue\":\"market\"", "\"venue\":{\"id\":\"market\"}"), "venue is not a string"),
                Arguments.of(GOOD.replace(EventStoreTest.P, "430124199001011234"), "subject is not a pseudonym"),
                Arguments.of(GOOD.replace(EventStoreTest.P, EventStoreTest.P.toUpperCase(java.util.Locale.ROOT)),
                        "subject is not a pseudonym"),
                Arguments.of(GOOD.replace("\"lane\":\"east\"", "\"lane\":\"" + "e".repeat(65) + "\""),
                        "lane longer than 64 characters"),
                Arguments.of(GOOD.replace("\"entrance\":\"东门\"", "\"entrance\":\"" + "门".repeat(257) + "\""),
                        "entrance longer than 256 characters"),
                Arguments.of(GOOD.replace("\"direction\":\"entry\"", "\"direction\":7"), "direction is not a string"),
                // Malformed where no field the collector keeps is: the whole payload is still read.
                Arguments.of(GOOD.substring(0, GOOD.length() - 1), "not JSON"),
                Arguments.of(GOOD.replace("\"reason\":\"green\"", "\"reason\":\"gr\\uZZZZ\""), "not JSON"),
                Arguments.of(GOOD.replace("\"reason\":\"green\"", "\"reason\":01"), "not JSON"),
                Arguments.of(GOOD.replace("\"reason\":\"green\"", "\"reason\":" + "[".repeat(2_000) + "]".repeat(2_000)),
                        "not JSON"));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void aHostilePayloadIsRefusedForItsReason(String payload, String reason) {
        EventParser.Parsed parsed = parse(TOPIC, payload);
        assertFalse(parsed.event().isPresent(), "refused");
        assertEquals(reason, parsed.refusal());
    }

    @Test
    void invalidUtf8AndHostileTopicsAreRefused() {
        byte[] badName = {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'};
        assertEquals("not JSON", parser.parse(TOPIC, badName).refusal());
        byte[] latin1 = GOOD.replace("\"reason\":\"green\"", "\"reason\":\"gré\"").getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("not JSON", parser.parse(TOPIC, latin1).refusal());
        for (String topic : List.of("onedoor/v1/43012/market/t-1/entry", "onedoor/v1/４３０１２４/market/t-1/entry",
                "onedoor/v1/430124/mar ket/t-1/entry", "onedoor/v1/430124//t-1/entry",
                "onedoor/v1/430124/market/" + "t".repeat(65) + "/entry", "onedoor/v1/430124/market/t-1/entry/x",
                "onedoor/v1/430124/market/t-1/cmd/abc/reply")) {
            assertEquals("not a terminal's event topic", parse(topic, GOOD).refusal(), topic);
        }
    }

    @Test
    void numbersAreReadAsTheTreeReadThem() {
        assertEquals(1000, parse(TOPIC, GOOD.replace("\"seq\":1,", "\"seq\":1e3,")).event().orElseThrow().seq());
        assertEquals(7, parse(TOPIC, GOOD.replace("\"seq\":1,", "\"seq\":7.0,")).event().orElseThrow().seq());
        assertEquals(0, parse(TOPIC, GOOD.replace("\"seq\":1,", "\"seq\":-0.0,")).event().orElseThrow().seq());
        assertEquals(9_007_199_254_740_991L,
                parse(TOPIC, GOOD.replace("\"seq\":1,", "\"seq\":9007199254740991,")).event().orElseThrow().seq());
        assertEquals(2, parse(TOPIC, GOOD.replace("\"seq\":1,", "\"seq\":\"x\",\"seq\":2,")).event().orElseThrow().seq(),
                "a field given twice: its last value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-21T08:00:00Z", "2026-11-21T08:00:00.417Z", "2026-11-21T08:00:00.417123Z",
        "2026-11-21t08:00:00z", "2028-02-29T23:59:59.999Z", "2026-12-31T23:59:59Z", "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z", "2026-11-21T23:59:60Z", "2026-11-21T08:00:00+08:00",
        "2026-02-29T08:00:00Z", "2026-11-31T08:00:00Z", "2026-13-21T08:00:00Z", "2026-11-21T24:00:00Z",
        "2026-11-21T08:60:00Z", "2026-11-21 08:00:00Z", "2026-11-21T08:00:00.41Z", "2026-11-21T08:00:00,417Z",
        "２０２６-11-21T08:00:00Z", "2026-11-21T08:00:00.4a7Z", "2026-1a-21T08:00:00Z"})
    void aTimeIsReadExactlyAsInstantParseReadsIt(String ts) {
        EventParser.Parsed parsed = parse(TOPIC, GOOD.replace(TS, "\"ts\":\"" + ts + "\""));
        long expected;
        try {
            expected = Instant.parse(ts).toEpochMilli();
        } catch (DateTimeParseException e) {
            assertFalse(parsed.event().isPresent(), ts + " refused");
            assertEquals(e.getMessage(), parsed.refusal());
            return;
        }
        assertTrue(parsed.event().isPresent(), ts + " read");
        assertEquals(expected, parsed.event().orElseThrow().tsMs(), ts);
    }

    @Test
    void aReplayedEventsKindIsReadFromItsFields() {
        String replay = "onedoor/v1/430124/market/t-1/replay";
        Instant t = Instant.parse("2026-11-21T08:00:00Z");
        assertEquals("result", parse(replay, "{\"id\":\"abc\",\"seq\":5," + TS + ",\"request_id\":null}").event()
                .orElseThrow().kind(), "a field given as null is still given");
        assertEquals("alert", parse(replay, CountyEvents.alert("t-1", "market", 2, 1, 10, t)).event().orElseThrow().kind());
        assertEquals("entry", parse(replay, GOOD).event().orElseThrow().kind());
        assertEquals("passage", parse(replay, GOOD.replace("\"result\":\"granted\",", "")).event().orElseThrow().kind());
        assertEquals("clock", parse(replay, CountyEvents.clock("t-1", "market", 3, 1, 20, t, 5)).event().orElseThrow().kind());
    }
}
