package org.onedoor.terminal.risklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.onedoor.terminal.risklist.Applied.Result;

class MessageCodecTest {
    private static final String A = "1".repeat(64);
    private static final String B = "2".repeat(64);
    private static final String C = "3".repeat(64);
    private static final String SIGNATURE = Base64.getEncoder().encodeToString(new byte[64]);
    private static final String DELTA = "{\"format\":\"onedoor-risklist/1\",\"kind\":\"delta\",\"county\":\"430124\",\"epoch\":1,"
            + "\"version\":8,\"base_version\":7,\"issued_at\":\"2024-05-01T09:00:00Z\","
            + "\"entries\":[[\"" + A + "\",\"red\"],[\"" + B + "\",\"yellow\"]],\"removals\":[\"" + C + "\"],"
            + "\"signature\":\"" + SIGNATURE + "\"}";
    private static final String SNAPSHOT = DELTA.replace("\"delta\"", "\"snapshot\"").replace("\"base_version\":7,", "")
            .replace(",\"removals\":[\"" + C + "\"]", "");

    @Test
    void wellFormedMessagesAreRead() throws RejectedMessage {
        RiskListMessage delta = MessageCodec.parse(bytes(DELTA), 10).message();
        assertEquals(Kind.DELTA, delta.kind());
        assertEquals(7, delta.baseVersion());
        assertEquals(2, delta.entries().size());
        assertEquals(C, delta.removals().hex(0));
        RiskListMessage snapshot = MessageCodec.parse(bytes(" \n" + SNAPSHOT + "\n"), 10).message();
        assertEquals(Kind.SNAPSHOT, snapshot.kind());
        assertEquals(0, snapshot.removals().size());
    }

    @Test
    void writingAndReadingGiveTheSameSignedBytes() throws RejectedMessage {
        SignedMessage read = MessageCodec.parse(bytes(DELTA), 10);
        byte[] written = MessageCodec.write(read.message(), read.signature());
        assertEquals(DELTA, new String(written, StandardCharsets.US_ASCII));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not JSON", "garbage", "not valid JSON"),
                Arguments.of("an array", "[1]", "not a JSON object"),
                Arguments.of("two objects", DELTA + "{}", "not one JSON object"),
                Arguments.of("a repeated key", DELTA.replace("\"epoch\":1,", "\"epoch\":1,\"epoch\":1,"), "not valid JSON"),
                Arguments.of("an unknown field", DELTA.replace("\"epoch\":1,", "\"epoch\":1,\"note\":\"x\","), "unknown field"),
                Arguments.of("another format", DELTA.replace("risklist/1", "risklist/2"), "format"),
                Arguments.of("no format", DELTA.replace("\"format\":\"onedoor-risklist/1\",", ""), "format: missing"),
                Arguments.of("another kind", DELTA.replace("\"delta\"", "\"full\""), "kind"),
                Arguments.of("a short county", DELTA.replace("\"430124\"", "\"43012\""), "county"),
                Arguments.of("a county as a number", DELTA.replace("\"430124\"", "430124"), "county: not a string"),
                Arguments.of("an epoch as a string", DELTA.replace("\"epoch\":1", "\"epoch\":\"1\""), "epoch: not an integer"),
                Arguments.of("a fractional epoch", DELTA.replace("\"epoch\":1", "\"epoch\":1.0"), "epoch: not an integer"),
                Arguments.of("a negative epoch", DELTA.replace("\"epoch\":1", "\"epoch\":-1"), "epoch: out of range"),
                Arguments.of("an epoch beyond int", DELTA.replace("\"epoch\":1", "\"epoch\":2147483648"), "epoch: out of range"),
                Arguments.of("version 0", DELTA.replace("\"version\":8", "\"version\":0"), "version: out of range"),
                Arguments.of("a huge version", DELTA.replace("\"version\":8", "\"version\":99999999999999999999"), "version: not an integer"),
                Arguments.of("a version in floating point", DELTA.replace("\"version\":8", "\"version\":8e0"), "version: not an integer"),
                Arguments.of("a base not below the version", DELTA.replace("\"base_version\":7", "\"base_version\":8"), "base_version"),
                Arguments.of("milliseconds", DELTA.replace("09:00:00Z", "09:00:00.000Z"), "issued_at"),
                Arguments.of("an offset", DELTA.replace("09:00:00Z", "09:00:00+08:00"), "issued_at"),
                Arguments.of("no such day", DELTA.replace("2024-05-01", "2024-02-30"), "issued_at: not a valid time"),
                Arguments.of("entries as an object", DELTA.replace("\"entries\":[[\"" + A + "\",\"red\"],", "\"entries\":{\"x\":[")
                        .replace("\"yellow\"]],", "\"yellow\"]},"), "entries: not an array"),
                Arguments.of("an entry of one", DELTA.replace("[\"" + A + "\",\"red\"]", "[\"" + A + "\"]"), "entries[0]"),
                Arguments.of("an entry of three", DELTA.replace("\"red\"]", "\"red\",\"x\"]"), "entries[0]"),
                Arguments.of("an entry as a string", DELTA.replace("[\"" + A + "\",\"red\"]", "\"" + A + "\""), "not an array"),
                Arguments.of("green on a risk list", DELTA.replace("\"red\"", "\"green\""), "entries[0]"),
                Arguments.of("a colour in capitals", DELTA.replace("\"red\"", "\"RED\""), "entries[0]"),
                Arguments.of("hex in capitals", DELTA.replace(A, "A".repeat(64)), "entries[0]"),
                Arguments.of("a short pseudonym", DELTA.replace(A, "1".repeat(62)), "entries[0]"),
                Arguments.of("entries out of order", DELTA.replace(A, "4".repeat(64)), "entries[1]: not above"),
                Arguments.of("an entry twice", DELTA.replace(B, A), "entries[1]: not above"),
                Arguments.of("nested arrays", DELTA.replace("[[\"" + A, "[[[[[[[[\"" + A), "entries[0]"),
                Arguments.of("a removal that is a number", DELTA.replace("[\"" + C + "\"]", "[3]"), "removals[0]"),
                Arguments.of("removals out of order", DELTA.replace("[\"" + C + "\"]", "[\"" + C + "\",\"" + B + "\"]"), "removals[1]"),
                Arguments.of("added and removed", DELTA.replace("[\"" + C + "\"]", "[\"" + B + "\"]"), "both in entries and in removals"),
                Arguments.of("a delta without removals", DELTA.replace(",\"removals\":[\"" + C + "\"]", ""), "removals: missing"),
                Arguments.of("a delta without a base", DELTA.replace("\"base_version\":7,", ""), "base_version: missing"),
                Arguments.of("a snapshot with removals", SNAPSHOT.replace("\"signature\"", "\"removals\":[],\"signature\""),
                        "a snapshot has no base_version and no removals"),
                Arguments.of("a snapshot with a base", SNAPSHOT.replace("\"version\":8,", "\"version\":8,\"base_version\":7,"),
                        "a snapshot has no base_version and no removals"),
                Arguments.of("no entries", SNAPSHOT.replace("\"entries\":[[\"" + A + "\",\"red\"],[\"" + B + "\",\"yellow\"]],", ""),
                        "entries: missing"),
                Arguments.of("a signature not in base64", DELTA.replace(SIGNATURE, "!!"), "signature: not base64"),
                Arguments.of("a short signature", DELTA.replace(SIGNATURE, Base64.getEncoder().encodeToString(new byte[63])),
                        "signature: not 64 bytes"),
                Arguments.of("no signature", DELTA.replace(",\"signature\":\"" + SIGNATURE + "\"", ""), "signature: missing"),
                Arguments.of("empty", "", "not"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedMessagesAreRefusedSayingWhy(String what, String json, String detail) {
        RejectedMessage e = assertThrows(RejectedMessage.class, () -> MessageCodec.parse(bytes(json), 10));
        Applied applied = e.toApplied();
        assertEquals(Result.MALFORMED, applied.result(), applied.toString());
        assertTrue(applied.detail().contains(detail), what + ": " + applied.detail());
    }

    /**
     * The signature covers the time, not its spelling: a relay could respell a signed time and the message would
     * still verify. One instant has one spelling, the one the county's signer writes.
     */
    @ParameterizedTest
    @CsvSource({"2024-05-02T00:00:00Z, 2024-05-01T24:00:00Z",
            "2024-05-01T23:59:59Z, 2024-05-01T23:59:60Z"})
    void aSignedTimeRespelledIsMalformed(String signed, String respelled) throws Exception {
        KeyPair county = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] message = new RiskListSigner(county.getPrivate(), "430124", 1)
                .snapshot(1, Instant.parse(signed), new TreeMap<>());
        String json = new String(message, StandardCharsets.US_ASCII);
        assertTrue(MessageCodec.parse(message, 10).verifiedBy(county.getPublic()), "the signer's own spelling");

        RejectedMessage e = assertThrows(RejectedMessage.class,
                () -> MessageCodec.parse(bytes(json.replace(signed, respelled)), 10));

        assertEquals(Result.MALFORMED, e.toApplied().result());
        assertTrue(e.toApplied().detail().contains("issued_at: not a valid time"), e.toApplied().detail());
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] payload = bytes(DELTA.replace("\"430124\"", "\"43012X\""));
        int at = new String(payload, StandardCharsets.US_ASCII).indexOf("43012X") + 5;
        payload[at] = (byte) 0xC3; // a lead byte followed by a quote: not UTF-8
        RejectedMessage e = assertThrows(RejectedMessage.class, () -> MessageCodec.parse(payload, 10));
        assertEquals(Result.MALFORMED, e.toApplied().result());
    }

    @Test
    void tooManyEntriesOrBytesAreRefusedAsTooLarge() {
        RejectedMessage entries = assertThrows(RejectedMessage.class, () -> MessageCodec.parse(bytes(DELTA), 2));
        assertEquals(Result.REFUSED_SIZE, entries.toApplied().result(), "two entries and one removal against a limit of two");
        assertTrue(entries.getMessage().contains("2 entries"), entries.getMessage());

        byte[] padded = bytes(" ".repeat((int) MessageCodec.maxPayloadBytes(10)) + DELTA);
        RejectedMessage bytes = assertThrows(RejectedMessage.class, () -> MessageCodec.parse(padded, 10));
        assertEquals(Result.REFUSED_SIZE, bytes.toApplied().result());
        assertTrue(bytes.getMessage().contains(padded.length + " bytes"), bytes.getMessage());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
