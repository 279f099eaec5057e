package org.onedoor.terminal.signed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.upokecenter.cbor.CBORObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SignedCodeVerifierTest {
    private static final TestCodes.Signer EC = TestCodes.signer("ec-any");
    private static final TestCodes.Signer RSA = TestCodes.signer("rsa-any");
    private static final TestCodes.Signer VACCINATIONS_ONLY = TestCodes.signer("ec-vaccination");
    private static final SignedCodeVerifier VERIFIER = new SignedCodeVerifier(
            TrustList.of(List.of(EC.certificate(), RSA.certificate(), VACCINATIONS_ONLY.certificate())));

    @Test
    void es256AndPs256CodesVerify() {
        for (TestCodes.Signer signer : List.of(EC, RSA)) {
            Verification v = VERIFIER.verify(TestCodes.code(signer, TestCodes.vaccination(2, 2)), TestCodes.DURING);
            assertTrue(v.valid(), "error " + v.error());
            assertEquals(Optional.empty(), v.error());
            assertEquals(Optional.of(CertificateType.VACCINATION), v.type());
            assertEquals(Optional.of(TestCodes.ISSUED), v.issuedAt());
            assertEquals(Optional.of(TestCodes.EXPIRES), v.expiresAt());
        }
    }

    @Test
    void timesAreCheckedAgainstTheGivenClock() {
        String code = TestCodes.code(EC, TestCodes.vaccination(2, 2));
        assertFlags(VERIFIER.verify(code, TestCodes.ISSUED.minusSeconds(1)), true, true, false, true, "not_yet_valid");
        assertTrue(VERIFIER.verify(code, TestCodes.ISSUED).valid(), "the issue second itself counts");
        assertTrue(VERIFIER.verify(code, TestCodes.EXPIRES).valid(), "the expiry second itself counts");
        assertFlags(VERIFIER.verify(code, TestCodes.EXPIRES.plusSeconds(1)), true, true, false, true, "expired");
    }

    @Test
    void floatingPointTimesAreRead() {
        byte[] claims = CBORObject.NewMap().Add(6, 1.7092800e9).Add(4, 1.7408160e9)
                .Add(-260, CBORObject.NewMap().Add(1, TestCodes.vaccination(2, 2))).EncodeToBytes();
        Verification v = VERIFIER.verify(TestCodes.code(EC, claims), TestCodes.DURING);
        assertTrue(v.valid(), "error " + v.error());
        assertEquals(Optional.of(Instant.ofEpochSecond(1_709_280_000L)), v.issuedAt());
    }

    @Test
    void keyUsageLimitsTheTypesACertificateMaySign() {
        assertTrue(VERIFIER.verify(TestCodes.code(VACCINATIONS_ONLY, TestCodes.vaccination(1, 2)), TestCodes.DURING)
                .valid());
        Verification test = VERIFIER.verify(TestCodes.code(VACCINATIONS_ONLY,
                TestCodes.test("2024-05-31T10:00:00Z", false)), TestCodes.DURING);
        assertFlags(test, true, true, true, false, "key_usage");
    }

    @Test
    void aSignerMissingFromTheTrustListIsAnUnknownKid() {
        SignedCodeVerifier onlyRsa = new SignedCodeVerifier(TrustList.of(List.of(RSA.certificate())));
        Verification v = onlyRsa.verify(TestCodes.code(EC, TestCodes.vaccination(2, 2)), TestCodes.DURING);
        assertFlags(v, true, false, true, false, "unknown_kid");
    }

    @Test
    void anAlteredPayloadFailsTheSignature() {
        byte[] payload = TestCodes.claims(TestCodes.vaccination(2, 2), TestCodes.ISSUED, TestCodes.EXPIRES)
                .EncodeToBytes();
        byte[] protectedHeader = CBORObject.NewMap().Add(1, -7).Add(4, EC.certificate().kid()).EncodeToBytes();
        byte[] signature = TestCodes.signature(EC, protectedHeader, payload);
        byte[] altered = TestCodes.claims(TestCodes.vaccination(2, 2), TestCodes.ISSUED,
                TestCodes.EXPIRES.plusSeconds(86_400 * 365)).EncodeToBytes();
        Verification v = VERIFIER.verify(hc1(protectedHeader, CBORObject.NewMap(), altered, signature, 18),
                TestCodes.DURING);
        assertFlags(v, true, false, true, false, "bad_signature");
    }

    @Test
    void theKidMayBeUnprotectedButTheProtectedOneWins() {
        byte[] payload = TestCodes.claims(TestCodes.vaccination(2, 2), TestCodes.ISSUED, TestCodes.EXPIRES)
                .EncodeToBytes();
        byte[] algOnly = CBORObject.NewMap().Add(1, -7).EncodeToBytes();
        CBORObject kidUnprotected = CBORObject.NewMap().Add(4, EC.certificate().kid());
        assertTrue(VERIFIER.verify(hc1(algOnly, kidUnprotected, payload, TestCodes.signature(EC, algOnly, payload), 18),
                TestCodes.DURING).valid(), "kid in the unprotected header");

        byte[] rsaKid = CBORObject.NewMap().Add(1, -7).Add(4, RSA.certificate().kid()).EncodeToBytes();
        Verification v = VERIFIER.verify(hc1(rsaKid, kidUnprotected, payload, TestCodes.signature(EC, rsaKid, payload),
                18), TestCodes.DURING);
        assertEquals(Optional.of("bad_signature"), v.error(), "the protected kid names the RSA certificate");
    }

    @Test
    void taggedDoublyTaggedAndUntaggedMessagesAllVerify() {
        byte[] payload = TestCodes.claims(TestCodes.test("2024-06-01T08:00:00+02:00", false), TestCodes.ISSUED,
                TestCodes.EXPIRES).EncodeToBytes();
        byte[] header = CBORObject.NewMap().Add(1, -7).Add(4, EC.certificate().kid()).EncodeToBytes();
        byte[] signature = TestCodes.signature(EC, header, payload);
        CBORObject message = CBORObject.NewArray().Add(header).Add(CBORObject.NewMap()).Add(payload).Add(signature);
        for (CBORObject form : List.of(message, CBORObject.FromObjectAndTag(message, 18),
                CBORObject.FromObjectAndTag(CBORObject.FromObjectAndTag(message, 18), 61))) {
            byte[] cose = form.EncodeToBytes();
            assertTrue(VERIFIER.verify(TestCodes.hc1(TestCodes.deflate(cose)), TestCodes.DURING).valid());
            assertTrue(VERIFIER.verify(TestCodes.hc1(cose), TestCodes.DURING).valid(), "uncompressed");
        }
        byte[] wrongTag = CBORObject.FromObjectAndTag(message, 98).EncodeToBytes();
        assertEquals(Optional.of("cose"), VERIFIER.verify(TestCodes.hc1(wrongTag), TestCodes.DURING).error());
    }

    @Test
    void anUnsupportedAlgorithmIsNamed() {
        byte[] payload = TestCodes.claims(TestCodes.vaccination(2, 2), TestCodes.ISSUED, TestCodes.EXPIRES)
                .EncodeToBytes();
        byte[] eddsa = CBORObject.NewMap().Add(1, -8).Add(4, EC.certificate().kid()).EncodeToBytes();
        Verification v = VERIFIER.verify(hc1(eddsa, CBORObject.NewMap(), payload, new byte[64], 18), TestCodes.DURING);
        assertEquals(Optional.of("unsupported_alg"), v.error());
    }

    static String hc1(byte[] protectedHeader, CBORObject unprotected, byte[] payload, byte[] signature, int tag) {
        CBORObject message = CBORObject.NewArray().Add(protectedHeader).Add(unprotected).Add(payload).Add(signature);
        return TestCodes.hc1(TestCodes.deflate(CBORObject.FromObjectAndTag(message, tag).EncodeToBytes()));
    }

    static void assertFlags(Verification v, boolean decoded, boolean signature, boolean time, boolean keyUsage,
            String error) {
        assertEquals(List.of(decoded, signature, time, keyUsage, false, Optional.ofNullable(error)),
                List.of(v.decoded(), v.signatureValid(), v.notExpired(), v.keyUsageOk(), v.valid(), v.error()));
        assertFalse(v.valid());
    }
}
