package org.onedoor.terminal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onedoor.terminal.command.CommandFixture.EXPIRES;
import static org.onedoor.terminal.command.CommandFixture.ISSUED;
import static org.onedoor.terminal.command.CommandFixture.NOW;
import static org.onedoor.terminal.command.CommandFixture.SELF;
import static org.onedoor.terminal.command.CommandFixture.command;
import static org.onedoor.terminal.command.CommandFixture.open;
import static org.onedoor.terminal.command.CommandFixture.utf8;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.testing.SettableClock;

class CommandVerifierTest {
    @TempDir
    Path dataDir;

    private final CommandFixture fx = new CommandFixture();
    private final SettableClock clock = new SettableClock(NOW);
    private final AtomicBoolean synced = new AtomicBoolean(true);
    private SeenIds seen;
    private CommandVerifier verifier;

    @BeforeEach
    void openSeenIds() throws SQLException {
        seen = SeenIds.open(dataDir, clock);
        verifier = new CommandVerifier(fx.county.getPublic(), SELF, clock, synced::get, seen);
    }

    @AfterEach
    void closeSeenIds() throws SQLException {
        seen.close();
    }

    private Verdict verify(String name, byte[] payload) {
        return verifier.verify(name, payload, false);
    }

    private static void assertRefused(String word, Verdict v) {
        assertEquals(word, v.reason(), "reason");
        assertTrue(!v.accepted(), "refused");
    }

    @Test
    void acceptsEachCommandAsTyped() {
        var commands = new Command[] {new Command.Open("east", "送货车辆"), new Command.SetMode(Mode.EMERGENCY_OPEN),
                new Command.Reload(), new Command.Replay(40, 57), new Command.Status()};
        for (int i = 0; i < commands.length; i++) {
            SignedCommand c = command("req-" + i, commands[i]);
            Verdict v = verify(commands[i].name(), fx.signed(c));
            assertEquals(new Verdict.Accepted(c), v, commands[i].name());
            assertEquals("ok", v.reason());
            assertEquals("req-" + i, v.requestId());
        }
    }

    @Test
    void acceptsTheLineFeedThatMosquittoPubSendsFromStandardInput() {
        byte[] line = (new String(fx.signed(open("r1")), StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        assertTrue(verify("open", line).accepted());
    }

    @Test
    void retainedIsRefusedWhateverElseIsRight() {
        Verdict v = verifier.verify("open", fx.signed(open("r1")), true);
        assertRefused("retained", v);
        assertEquals("r1", v.requestId());
        assertEquals("open", v.name());
        // not spent: the same command delivered properly still runs
        assertTrue(verify("open", fx.signed(open("r1"))).accepted());
    }

    @Test
    void unknownCommand() {
        assertRefused("unknown_command", verify("reboot", fx.signed(open("r1"))));
        Verdict junk = verify("open now!", fx.signed(open("r1")));
        assertRefused("unknown_command", junk);
        assertNull(junk.name(), "a name that is no word gets no result topic");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "\"open\"", "{", "{} {}", "{\"request_id\":\"r1\",\"request_id\":\"r2\"}"})
    void notAJsonObjectIsMalformed(String payload) {
        assertRefused("malformed", verify("open", utf8(payload)));
    }

    @Test
    void oversizeIsMalformedBeforeItIsParsed() {
        byte[] big = fx.edited(open("r1"), t -> t.put("reason", "很".repeat(2000)));
        assertTrue(big.length > CommandSyntax.MAX_PAYLOAD_BYTES);
        assertRefused("malformed", verify("open", big));
        assertRefused("malformed", verify("open", new byte[1024 * 1024]));
    }

    @Test
    void deepNestingIsMalformed() {
        String deep = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
        assertRefused("malformed", verify("open", utf8(deep)));
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] payload = fx.signed(open("r1"));
        int at = new String(payload, StandardCharsets.ISO_8859_1).indexOf("\u00e9\u0080\u0081"); // 送 in UTF-8
        assertTrue(at > 0);
        payload[at + 1] = 'A'; // a lead byte without its continuation
        assertRefused("malformed", verify("open", payload));
    }

    @Test
    void missingUnknownOrMistypedFieldsAreMalformed() {
        SignedCommand c = open("r1");
        assertRefused("malformed", verify("open", fx.edited(c, t -> t.remove("expires_at"))));
        assertRefused("malformed", verify("open", fx.edited(c, t -> t.remove("lane"))));
        assertRefused("malformed", verify("open", fx.edited(c, t -> t.put("pulse_ms", 9000))));
        assertRefused("malformed", verify("open", fx.edited(c, t -> t.put("lane", 7))));
        assertRefused("malformed", verify("open", fx.edited(c, t -> t.put("signature", 7))));
        assertRefused("malformed", verify("open", fx.edited(c, t -> t.withObject("target").remove("venue"))));
        assertRefused("malformed", verify("open", fx.edited(c, t -> t.withObject("target").put("floor", "2"))));
        assertRefused("malformed", verify("open", fx.edited(c, t -> t.put("target", "430124/xiangjiang-market/t-0001"))));
        // another command's arguments on this topic
        assertRefused("malformed", verify("mode", fx.signed(c)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-21T08:16:00.000Z", "2026-11-21T08:16:00+00:00", "2026-11-21 08:16:00Z",
            "2026-11-21T08:16Z", "2026-02-30T08:16:00Z", "2026-11-21T23:59:60Z", "１９２６-11-21T08:16:00Z", ""})
    void aTimeNotInItsOneFormIsMalformed(String expiresAt) {
        assertRefused("malformed", verify("open", fx.edited(open("r1"), t -> t.put("expires_at", expiresAt))));
    }

    @Test
    void argumentsOutOfTheirRangeAreMalformed() {
        assertRefused("malformed", verify("open", fx.edited(open("r1"), t -> t.put("lane", "east/west"))));
        assertRefused("malformed", verify("open", fx.edited(open("r1"), t -> t.put("reason", ""))));
        assertRefused("malformed", verify("open", fx.edited(open("r1"), t -> t.put("reason", "a\nb"))));
        assertRefused("malformed", verify("open", fx.edited(open("r1"), t -> t.put("reason", "a\u202Eb"))));
        assertRefused("malformed", verify("open", fx.edited(open("r1"), t -> t.put("reason", "\uD800"))));
        assertRefused("malformed", verify("mode", fx.edited(command("r1", new Command.SetMode(Mode.STRICT)),
                t -> t.put("mode", "off"))));
        SignedCommand replay = command("r1", new Command.Replay(1, 2));
        assertRefused("malformed", verify("replay", fx.edited(replay, t -> t.put("to_seq", 0))));
        assertRefused("malformed", verify("replay", fx.edited(replay, t -> t.put("to_seq", 2.0))));
        assertRefused("malformed", verify("replay", fx.edited(replay, t -> t.put("to_seq", "2"))));
        assertRefused("malformed", verify("replay", fx.edited(replay, t -> t.put("to_seq", 1 + Command.Replay.MAX_EVENTS))));
        assertRefused("malformed", verify("replay", fx.edited(replay,
                t -> t.put("to_seq", new java.math.BigInteger("99999999999999999999")))));
        assertRefused("malformed", verify("open", fx.edited(open("r1"), t -> t.put("request_id", "x".repeat(65)))));
        assertRefused("malformed", verify("open", fx.edited(open("r1"), t -> t.put("expires_at", ISSUED.toString()))));
    }

    @Test
    void unsigned() {
        assertRefused("unsigned", verify("open", fx.edited(open("r1"), t -> t.remove("signature"))));
        assertRefused("unsigned", verify("open", fx.edited(open("r1"), t -> t.putNull("signature"))));
        assertRefused("unsigned", verify("open", fx.edited(open("r1"), t -> t.put("signature", ""))));
    }

    @Test
    void badSignature() {
        SignedCommand c = open("r1");
        // every signed field changed after signing, one at a time
        assertRefused("bad_signature", verify("open", fx.edited(c, t -> t.put("lane", "west"))));
        assertRefused("bad_signature", verify("open", fx.edited(c, t -> t.put("reason", "送货车辆，已人工核验!"))));
        assertRefused("bad_signature", verify("open", fx.edited(c, t -> t.put("request_id", "r2"))));
        assertRefused("bad_signature", verify("open", fx.edited(c, t -> t.put("issued_at", "2026-11-21T08:14:59Z"))));
        assertRefused("bad_signature", verify("open", fx.edited(c, t -> t.put("expires_at", "2026-11-21T08:16:01Z"))));
        assertRefused("bad_signature", verify("open", fx.edited(c, t -> t.withObject("target").put("terminal", "t-0002"))));
        // not a signature at all
        assertRefused("bad_signature", verify("open", fx.edited(c, t -> t.put("signature", "not base64!"))));
        assertRefused("bad_signature", verify("open", fx.edited(c, t -> t.put("signature",
                Base64.getEncoder().encodeToString(new byte[63])))));
        // signed by another key
        byte[] forged = new CommandSigner(CommandFixture.generate().getPrivate(), clock).sign(c);
        assertRefused("bad_signature", verify("open", forged));
        // a signature made for the same fields under another command name
        SignedCommand status = command("r1", new Command.Status());
        assertRefused("bad_signature", verify("reload", fx.signed(status)));
    }

    @Test
    void wrongTarget() {
        for (Target other : new Target[] {new Target("430124", "xiangjiang-market", "t-0002"),
                new Target("430124", "other-venue", "t-0001"), new Target("430125", "xiangjiang-market", "t-0001")}) {
            SignedCommand c = new SignedCommand(other, "r1", ISSUED, EXPIRES, new Command.Status());
            Verdict v = verify("status", fx.signed(c));
            assertRefused("wrong_target", v);
            assertEquals("r1", v.requestId());
        }
    }

    @Test
    void tooLongLived() {
        SignedCommand c = new SignedCommand(SELF, "r1", ISSUED,
                ISSUED.plus(CommandVerifier.MAX_LIFETIME).plusSeconds(1), new Command.Status());
        assertRefused("too_long_lived", verify("status", fx.signed(c)));
        SignedCommand longest = new SignedCommand(SELF, "r2", ISSUED, ISSUED.plus(CommandVerifier.MAX_LIFETIME),
                new Command.Status());
        assertTrue(verify("status", fx.signed(longest)).accepted());
    }

    @Test
    void expiredAtItsExpiryAndAfter() {
        clock.advance(Duration.between(NOW, EXPIRES).minusMillis(1));
        assertTrue(verify("status", fx.signed(command("r1", new Command.Status()))).accepted());
        clock.advance(Duration.ofMillis(1));
        assertRefused("expired", verify("status", fx.signed(command("r2", new Command.Status()))));
        clock.advance(Duration.ofDays(3));
        assertRefused("expired", verify("status", fx.signed(command("r3", new Command.Status()))));
    }

    @Test
    void notYetValidBeyondTheAllowedSkew() {
        SettableClock early = new SettableClock(ISSUED.minus(CommandVerifier.MAX_CLOCK_SKEW));
        var v = new CommandVerifier(fx.county.getPublic(), SELF, early, synced::get, seen);
        assertTrue(v.verify("status", fx.signed(command("r1", new Command.Status())), false).accepted(),
                "the county's clock may be ahead by the skew");
        early.advance(Duration.ofMillis(-1));
        assertRefused("not_yet_valid", v.verify("status", fx.signed(command("r2", new Command.Status())), false));
    }

    @Test
    void replayed() {
        byte[] payload = fx.signed(open("r1"));
        assertTrue(verify("open", payload).accepted());
        Verdict again = verify("open", payload);
        assertRefused("replayed", again);
        assertEquals("r1", again.requestId());
        // the id is spent whatever it is reused with
        assertRefused("replayed", verify("status", fx.signed(command("r1", new Command.Status()))));
    }

    @Test
    void clockNotSynchronised() {
        synced.set(false);
        assertRefused("clock_not_synchronised", verify("open", fx.signed(open("r1"))));
        synced.set(true);
        assertTrue(verify("open", fx.signed(open("r1"))).accepted(), "a command refused for the clock is not spent");
    }

    @Test
    void unrecordableWhenTheSeenIdsCannotBeWritten() throws SQLException {
        seen.close();
        assertRefused("unrecordable", verify("open", fx.signed(open("r1"))));
    }

    @Test
    void echoesOnlyAWellFormedRequestId() {
        Verdict plain = verify("open", fx.edited(open("r1"), t -> t.remove("signature")));
        assertEquals("r1", plain.requestId());
        Verdict hostile = verify("open", fx.edited(open("r1"), t -> {
            t.remove("signature");
            t.put("request_id", "<script>110105199001011234</script>");
        }));
        assertRefused("unsigned", hostile);
        assertNull(hostile.requestId());
        Verdict notText = verify("open", fx.edited(open("r1"), t -> t.put("request_id", 42)));
        assertNull(notText.requestId());
    }

    @Test
    void jsonSpellingDoesNotMatterOnlyTheSignedValues() throws Exception {
        // Escapes, spacing and key order differ from what the signer wrote: the JSON text is not what is signed.
        String signature = CommandFixture.JSON.readTree(fx.signed(open("r1"))).get("signature").textValue();
        String respelled = "{ \"signature\" : \"" + signature + "\",\n"
                + "  \"reason\": \"\\u9001\\u8d27\\u8f66\\u8f86\\uff0c\\u5df2\\u4eba\\u5de5\\u6838\\u9a8c\",\n"
                + "  \"target\": {\"terminal\": \"t-0001\", \"venue\": \"xiangjiang-market\", \"county\": \"430124\"},\n"
                + "  \"expires_at\": \"2026-11-21T08:16:00Z\", \"issued_at\": \"2026-11-21T08:15:00Z\",\n"
                + "  \"lane\": \"east\", \"request_id\": \"r1\" }";
        assertEquals(new Verdict.Accepted(open("r1")), verify("open", utf8(respelled)));
    }

    @Test
    void neverThrowsOnMutatedPayloadsAndAcceptsOnlyTheSignedCommand() {
        byte[] original = fx.signed(open("r1"));
        java.util.Random random = new java.util.Random(6);
        int accepted = 0;
        for (int i = 0; i < 5000; i++) {
            byte[] mutated = java.util.Arrays.copyOf(original, original.length - (i % 7 == 0 ? random.nextInt(40) : 0));
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            }
            Verdict v = verifier.verify(i % 2 == 0 ? "open" : "st\u0000tus", mutated, false);
            if (v.accepted()) {
                accepted++;
                assertEquals(open("r1"), ((Verdict.Accepted) v).command());
            }
        }
        assertTrue(accepted <= 1, "a request id is spent once");
    }

    /** Prints what a command costs the terminal; asserts only that every one was judged as expected. */
    @Test
    void printsWhatVerificationCosts() {
        int n = 200;
        byte[][] payloads = new byte[n][];
        for (int i = 0; i < n; i++) {
            payloads[i] = fx.signed(command("cost-" + i, new Command.Status()));
        }
        long start = System.nanoTime();
        for (byte[] p : payloads) {
            assertTrue(verify("status", p).accepted());
        }
        long acceptedNs = (System.nanoTime() - start) / n;
        start = System.nanoTime();
        for (byte[] p : payloads) {
            assertRefused("replayed", verify("status", p));
        }
        long replayedNs = (System.nanoTime() - start) / n;
        byte[] forged = new CommandSigner(CommandFixture.generate().getPrivate(), clock).sign(open("forged"));
        start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertRefused("bad_signature", verify("open", forged));
        }
        long forgedNs = (System.nanoTime() - start) / n;
        System.out.printf("CommandVerifierTest: per command, accepted (signature check and a durable write of its id)"
                + " %d us, replayed %d us, bad signature %d us%n", acceptedNs / 1000, replayedNs / 1000, forgedNs / 1000);
    }
}
