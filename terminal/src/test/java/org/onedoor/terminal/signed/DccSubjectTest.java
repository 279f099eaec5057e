package org.onedoor.terminal.signed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.upokecenter.cbor.CBORObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The subject a county lists a certificate's holder by: the same for every way issuers write the same person. */
class DccSubjectTest {
    private static final TestCodes.Signer EC = TestCodes.signer("ec-any");
    private static final SignedCodeVerifier VERIFIER = new SignedCodeVerifier(TrustList.of(List.of(EC.certificate())));

    @Test
    void namesAreNormalisedAsTheCountyWritesThem() {
        String erika = "DCC/MUSTERMANN<GABLER/ERIKA<DOERTE/1964-08-12";
        assertEquals(Optional.of(erika), subject("MUSTERMANN<GABLER", "ERIKA<DOERTE", "1964-08-12"));
        assertEquals(Optional.of(erika), subject("mustermann gabler", "Erika-Doerte", "1964-08-12"));
        assertEquals(Optional.of(erika), subject("<MUSTERMANN<<GABLER<", " ERIKA  DOERTE ", "1964-08-12T00:00:00"));
        assertEquals(Optional.of("DCC/ZHANG/SAN/1990"), subject("ZHANG", "SAN", "1990"));
        assertEquals(Optional.of("DCC/ZHANG/SAN/1990-01"), subject("ZHANG", "SAN", "1990-01"));
        assertEquals(Optional.of("DCC/ZHANG//"), subject("ZHANG", null, ""));
        assertEquals(Optional.of("DCC//SAN/"), subject(null, "SAN", "unknown"));
    }

    @Test
    void aCertificateThatNamesNobodyHasNoSubject() {
        assertEquals(Optional.empty(), DccSubject.of(TestCodes.vaccination(2, 2)), "no nam");
        assertEquals(Optional.empty(), subject(null, null, "1990-01-01"));
        assertEquals(Optional.empty(), subject("<<<", "", "1990-01-01"));
        assertEquals(Optional.empty(), subject("A".repeat(DccSubject.MAX_NAME_CHARS + 1), "SAN", "1990-01-01"));
        assertEquals(Optional.of(DccSubject.PREFIX + "A".repeat(80) + "/SAN/"), subject("A".repeat(80), "SAN", ""));
        CBORObject numeric = TestCodes.vaccination(2, 2).Add("nam", CBORObject.NewMap().Add("fnt", 42));
        assertEquals(Optional.empty(), DccSubject.of(numeric));
    }

    @Test
    void onlyAVerifiedSignatureNamesTheHolder() throws Exception {
        CBORObject zhang = TestCodes.vaccinationOf("张", "ZHANG", "三", "SAN", "1990-01-01");
        Verification valid = VERIFIER.verify(TestCodes.code(EC, zhang), TestCodes.DURING);
        assertEquals(Optional.of("DCC/ZHANG/SAN/1990-01-01"), valid.holderSubject());
        Verification forged = VERIFIER.verify(TestCodes.code(TestCodes.signer("rsa-any"), zhang), TestCodes.DURING);
        assertEquals(Optional.empty(), forged.holderSubject());
        Verification expired = VERIFIER.verify(TestCodes.code(EC, zhang), TestCodes.EXPIRES.plusSeconds(1));
        assertEquals(Optional.of("DCC/ZHANG/SAN/1990-01-01"), expired.holderSubject(), "an expired one still names");
        assertFalse(CwtClaims.parse(TestCodes.claims(zhang, TestCodes.ISSUED, TestCodes.EXPIRES).EncodeToBytes())
                .toString().contains("ZHANG"), "never in a log line");
    }

    private static Optional<String> subject(String fnt, String gnt, String dob) {
        CBORObject names = CBORObject.NewMap();
        if (fnt != null) {
            names.Add("fnt", fnt);
        }
        if (gnt != null) {
            names.Add("gnt", gnt);
        }
        return DccSubject.of(TestCodes.vaccination(2, 2).Add("nam", names).Add("dob", dob));
    }
}
