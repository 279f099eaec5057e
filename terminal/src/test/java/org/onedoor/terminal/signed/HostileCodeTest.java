package org.onedoor.terminal.signed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.upokecenter.cbor.CBORObject;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Whatever arrives, the verifier answers with an error word: no exception, no unbounded memory. */
class HostileCodeTest {
    private static final TestCodes.Signer EC = TestCodes.signer("ec-any");
    private static final SignedCodeVerifier VERIFIER = new SignedCodeVerifier(TrustList.of(List.of(EC.certificate())));
    private static final String VALID = TestCodes.code(EC, TestCodes.vaccination(2, 2));

    @Test
    void textThatIsNotACodeIsNamed() {
        assertError(null, "no_prefix");
        assertError("", "no_prefix");
        assertError("hc1:" + VALID.substring(4), "no_prefix");
        assertError("HC1:", "cose");
        assertError("HC1:" + "A".repeat(SignedCodeVerifier.MAX_CODE_CHARS), "too_long");
        assertError("HC1:" + "A".repeat(10_000_000), "too_long");
        assertError("HC1:ABCD", "base45");
        assertError("HC1:AB\u00e9", "base45");
        assertError("HC1:abc", "base45");
        assertError("HC1:GGW", "base45");
        assertError("HC1:GGWAA", "base45");
    }

    @Test
    void everyTruncationOfAValidCodeFailsCleanly() {
        for (int length = 0; length < VALID.length(); length++) {
            Verification v = VERIFIER.verify(VALID.substring(0, length), TestCodes.DURING);
            assertFalse(v.valid(), "truncated to " + length);
            assertTrue(v.error().isPresent());
        }
    }

    @Test
    void badAndTruncatedZlibIsNamed() {
        byte[] deflated = TestCodes.deflate(TestCodes.sign1(EC, new byte[] {1}));
        assertError(TestCodes.hc1(Arrays.copyOf(deflated, deflated.length / 2)), "zlib");
        byte[] garbage = deflated.clone();
        for (int i = 2; i < garbage.length; i++) {
            garbage[i] = (byte) 0xFF;
        }
        assertError(TestCodes.hc1(garbage), "zlib");
    }

    @Test
    void aZlibBombStopsAtTheCap() {
        byte[] bomb = TestCodes.deflate(new byte[4 * 1024 * 1024]);
        String code = TestCodes.hc1(bomb);
        assertTrue(code.length() <= SignedCodeVerifier.MAX_CODE_CHARS, "the bomb fits in a code: " + code.length());
        assertError(code, "too_large");
    }

    @Test
    void cborBombsInsideSignedCodesAreRefused() {
        byte[] nested = new byte[60_000];
        Arrays.fill(nested, (byte) 0x81);
        byte[] hugeArray = {(byte) 0x9b, 0x7f, -1, -1, -1, -1, -1, -1, -1, 0};
        byte[] hugeBytes = {(byte) 0x5a, 0x7f, -1, -1, -1, 0};
        byte[] tags = new byte[60_000];
        Arrays.fill(tags, (byte) 0xd2);
        byte[] manyItems = new byte[60_000];
        manyItems[0] = (byte) 0x9f;
        Arrays.fill(manyItems, 1, manyItems.length - 1, (byte) 0xa0);
        manyItems[manyItems.length - 1] = (byte) 0xff;
        for (byte[] bomb : List.of(nested, hugeArray, hugeBytes, tags, manyItems)) {
            assertError(TestCodes.hc1(TestCodes.deflate(bomb)), "cose");
            assertError(TestCodes.code(EC, bomb), "cwt");
        }
    }

    /**
     * The daemon's threads have 256 KiB stacks (systemd/jvm.options); there, in a fresh JVM, the CBOR decoder
     * overflowed on 450 nested arrays (how deep it gets depends on how its frames are compiled, so this JVM may
     * not overflow: SignedCommandsTest and SignedCodesEndToEndTest reproduce it in their own JVMs). The shape
     * check refuses both codes before the decoder recurses.
     */
    @Test
    void deeplyNestedCborIsRefusedOnTheShippedStackSize() throws Exception {
        String compressed = TestCodes.nestedArrays(60_000);
        assertTrue(compressed.length() <= 130, "60,000 levels in a short code: " + compressed.length());
        for (String code : List.of(TestCodes.NESTED_450, compressed)) {
            Object[] outcome = new Object[2];
            Thread reader = new Thread(null, () -> {
                long started = System.nanoTime();
                try {
                    outcome[0] = VERIFIER.verify(code, TestCodes.DURING);
                } catch (Throwable t) {
                    outcome[0] = t;
                }
                outcome[1] = (System.nanoTime() - started) / 1000;
            }, "scanner-small-stack", 256 * 1024);
            reader.start();
            reader.join();
            assertTrue(outcome[0] instanceof Verification, "answered, not thrown: " + outcome[0]);
            Verification v = (Verification) outcome[0];
            assertEquals(Optional.of("cose"), v.error());
            System.out.printf("HostileCodeTest: a %d-character code nesting %s arrays refused in %d us%n",
                    code.length(), code == compressed ? "60,000" : "450", outcome[1]);
        }
    }

    @Test
    void cborShapeAllowsACertificateAndRefusesDepthAndCountBeyondItsLimits() {
        byte[] cose = TestCodes.sign1(EC, TestCodes.claims(TestCodes.vaccination(2, 2), TestCodes.ISSUED,
                TestCodes.EXPIRES).EncodeToBytes());
        assertTrue(CborShape.bounded(cose));
        assertTrue(CborShape.bounded(nested(CborShape.MAX_DEPTH)), "16 levels");
        assertFalse(CborShape.bounded(nested(CborShape.MAX_DEPTH + 1)), "17 levels");
        assertFalse(CborShape.bounded(tags(CborShape.MAX_DEPTH + 1)), "16 tags around an item");
        assertTrue(CborShape.bounded(tags(CborShape.MAX_DEPTH)), "15 tags around an item");
        byte[] indefinite = {(byte) 0x9f, (byte) 0x9f, (byte) 0xff, (byte) 0xff};
        assertTrue(CborShape.bounded(indefinite));
        assertFalse(CborShape.bounded(Arrays.copyOf(indefinite, 3)), "an unclosed indefinite array");
        assertFalse(CborShape.bounded(new byte[] {(byte) 0xff}), "a break outside an indefinite item");
        assertFalse(CborShape.bounded(new byte[] {0x01, 0x02}), "trailing bytes");
        assertFalse(CborShape.bounded(new byte[] {(byte) 0x9a, 0x7f, -1, -1, -1}), "a count beyond the data");
        byte[] many = new byte[CborShape.MAX_ITEMS + 3];
        many[0] = (byte) 0x99;
        many[1] = (byte) (CborShape.MAX_ITEMS >> 8);
        many[2] = (byte) CborShape.MAX_ITEMS;
        assertFalse(CborShape.bounded(many), "the array and its 1,024 items are 1,025");
        many[1] = (byte) ((CborShape.MAX_ITEMS - 1) >> 8);
        many[2] = (byte) (CborShape.MAX_ITEMS - 1);
        assertTrue(CborShape.bounded(Arrays.copyOf(many, many.length - 1)), "1,024 items in all");
    }

    /** {@code depth - 1} tags around an integer: {@code depth} levels. */
    private static byte[] tags(int depth) {
        byte[] cbor = new byte[depth];
        Arrays.fill(cbor, 0, depth - 1, (byte) 0xd2);
        return cbor;
    }

    /** {@code depth} levels: one-item arrays around an empty one at the last level. */
    private static byte[] nested(int depth) {
        byte[] cbor = new byte[depth];
        Arrays.fill(cbor, 0, depth - 1, (byte) 0x81);
        cbor[depth - 1] = (byte) 0x80;
        return cbor;
    }

    @Test
    void wrongTypesAtEveryLevelAreNamed() {
        CBORObject vaccination = TestCodes.vaccination(2, 2);
        assertError(TestCodes.hc1(TestCodes.deflate(CBORObject.FromObject(42).EncodeToBytes())), "cose");
        assertError(TestCodes.hc1(TestCodes.deflate(CBORObject.NewArray().Add(1).Add(2).Add(3).Add(4)
                .EncodeToBytes())), "cose");
        assertError(TestCodes.code(EC, CBORObject.NewArray().EncodeToBytes()), "cwt");
        assertError(TestCodes.code(EC, CBORObject.NewMap().Add(1, "XX").EncodeToBytes()), "hcert");
        assertError(TestCodes.code(EC, CBORObject.NewMap().Add(-260, CBORObject.NewMap().Add(1, "text"))
                .EncodeToBytes()), "hcert");
        CBORObject two = CBORObject.NewMap().Add("v", vaccination.get("v"))
                .Add("t", TestCodes.test("2024-06-01T00:00:00Z", false).get("t"));
        assertError(TestCodes.code(EC, CBORObject.NewMap().Add(-260, CBORObject.NewMap().Add(1, two))
                .EncodeToBytes()), "hcert");
        for (CBORObject badTime : List.of(CBORObject.FromObject("2024-03-01"), CBORObject.FromObject(Double.NaN),
                CBORObject.FromObject(1e300), CBORObject.FromObject(Long.MAX_VALUE), CBORObject.True)) {
            byte[] claims = CBORObject.NewMap().Add(6, badTime).Add(4, TestCodes.EXPIRES.getEpochSecond())
                    .Add(-260, CBORObject.NewMap().Add(1, vaccination)).EncodeToBytes();
            Verification v = VERIFIER.verify(TestCodes.code(EC, claims), TestCodes.DURING);
            assertEquals(List.of(true, true, false, Optional.of("no_times")),
                    List.of(v.decoded(), v.signatureValid(), v.notExpired(), v.error()), "iat " + badTime);
        }
    }

    @Test
    void randomDamageNeverThrows() {
        Random random = new Random(8);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        byte[] cose = TestCodes.sign1(EC, TestCodes.claims(TestCodes.vaccination(2, 2), TestCodes.ISSUED,
                TestCodes.EXPIRES).EncodeToBytes());
        for (int i = 0; i < 1_500; i++) {
            char[] text = VALID.toCharArray();
            for (int n = 1 + random.nextInt(4); n > 0; n--) {
                text[4 + random.nextInt(text.length - 4)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            Verification damaged = VERIFIER.verify(new String(text), TestCodes.DURING);
            assertTrue(damaged.valid() || damaged.error().isPresent());
            byte[] bytes = cose.clone();
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            Verification flipped = VERIFIER.verify(TestCodes.hc1(bytes), TestCodes.DURING);
            assertFalse(flipped.valid(), "a flipped bit never verifies");
        }
    }

    @Test
    void oneVerifierServesManyThreads() throws Exception {
        String[] codes = {VALID, TestCodes.code(EC, TestCodes.test("2024-06-01T00:00:00Z", false)), "HC1:ABCD"};
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        if (VERIFIER.verify(codes[i % 3], TestCodes.DURING).valid() != (i % 3 != 2)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertError(String code, String error) {
        Verification v = VERIFIER.verify(code, TestCodes.DURING);
        assertFalse(v.decoded(), "decoded");
        assertFalse(v.valid());
        assertEquals(Optional.of(error), v.error());
    }
}
