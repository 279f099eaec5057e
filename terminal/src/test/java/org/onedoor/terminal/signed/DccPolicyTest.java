package org.onedoor.terminal.signed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.status.HealthStatus;

class DccPolicyTest {
    private static final TestCodes.Signer EC = TestCodes.signer("ec-any");
    private static final TestCodes.Signer VACCINATIONS_ONLY = TestCodes.signer("ec-vaccination");
    private static final SignedCodeVerifier VERIFIER = new SignedCodeVerifier(
            TrustList.of(List.of(EC.certificate(), VACCINATIONS_ONLY.certificate())));
    private static final DccPolicy DEFAULTS = DccPolicy.defaults(ZoneOffset.UTC);
    private static final Instant AT = TestCodes.DURING; // 2024-06-01T12:00:00Z

    @Test
    void vaccinationsAreGreenAtTheLastDoseUnlessConfiguredOtherwise() {
        assertVerdict(DEFAULTS, TestCodes.code(EC, TestCodes.vaccination(2, 2)), HealthStatus.GREEN,
                "signed_vaccination");
        assertVerdict(DEFAULTS, TestCodes.code(EC, TestCodes.vaccination(3, 2)), HealthStatus.GREEN,
                "signed_vaccination");
        assertVerdict(DEFAULTS, TestCodes.code(EC, TestCodes.vaccination(1, 2)), HealthStatus.YELLOW,
                "signed_vaccination_incomplete");
        DccPolicy anyDose = new DccPolicy(EnumSet.allOf(CertificateType.class), Duration.ofHours(72), false, true,
                ZoneOffset.UTC);
        assertVerdict(anyDose, TestCodes.code(EC, TestCodes.vaccination(1, 2)), HealthStatus.GREEN,
                "signed_vaccination");
    }

    @Test
    void testsAreGreenWhenNegativeAndRecent() {
        assertVerdict(DEFAULTS, TestCodes.code(EC, TestCodes.test("2024-05-30T13:00:00Z", false)), HealthStatus.GREEN,
                "signed_test");
        assertVerdict(DEFAULTS, TestCodes.code(EC, TestCodes.test("2024-05-29T11:59:59Z", false)),
                HealthStatus.YELLOW, "signed_test_too_old");
        assertVerdict(DEFAULTS, TestCodes.code(EC, TestCodes.test("2024-06-01T10:00:00+0200", true)),
                HealthStatus.RED, "signed_test_positive");
        assertVerdict(DEFAULTS, TestCodes.code(EC, TestCodes.test("2024-06-01T13:00:00Z", false)),
                HealthStatus.YELLOW, "signed_test_in_future");
        DccPolicy day = new DccPolicy(EnumSet.allOf(CertificateType.class), Duration.ofHours(24), true, true,
                ZoneOffset.UTC);
        assertVerdict(day, TestCodes.code(EC, TestCodes.test("2024-05-30T13:00:00Z", false)), HealthStatus.YELLOW,
                "signed_test_too_old");
    }

    @Test
    void recoveriesAreGreenWithinTheirValidity() {
        assertVerdict(DEFAULTS, TestCodes.code(EC, TestCodes.recovery("2024-05-01", "2024-06-01")), HealthStatus.GREEN,
                "signed_recovery");
        assertVerdict(DEFAULTS, TestCodes.code(EC, TestCodes.recovery("2024-06-02", "2024-10-01")),
                HealthStatus.YELLOW, "signed_recovery_not_valid");
        assertVerdict(DEFAULTS, TestCodes.code(EC, TestCodes.recovery("2024-01-01", "2024-05-31")),
                HealthStatus.YELLOW, "signed_recovery_not_valid");
    }

    @Test
    void onlyAcceptedTypesCanBeGreen() {
        DccPolicy vaccinationsOnly = new DccPolicy(EnumSet.of(CertificateType.VACCINATION), Duration.ofHours(72), true,
                true, ZoneOffset.UTC);
        assertVerdict(vaccinationsOnly, TestCodes.code(EC, TestCodes.test("2024-06-01T08:00:00Z", false)),
                HealthStatus.YELLOW, "signed_type_not_accepted");
        assertVerdict(vaccinationsOnly, TestCodes.code(EC, TestCodes.vaccination(2, 2)), HealthStatus.GREEN,
                "signed_vaccination");
    }

    @Test
    void failedStepsAreNeverGreen() {
        assertVerdict(DEFAULTS, "HC1:ABCD", HealthStatus.UNKNOWN, "signed_undecodable");
        SignedCodeVerifier empty = new SignedCodeVerifier(TrustList.of(List.of()));
        assertEquals(new DccPolicy.Verdict(HealthStatus.UNKNOWN, "signed_unknown_signer"),
                DEFAULTS.decide(empty.verify(TestCodes.code(EC, TestCodes.vaccination(2, 2)), AT), AT));
        assertVerdict(DEFAULTS, TestCodes.code(VACCINATIONS_ONLY, TestCodes.recovery("2024-05-01", "2024-07-01")),
                HealthStatus.RED, "signed_key_usage");
        Verification expired = VERIFIER.verify(TestCodes.code(EC, TestCodes.vaccination(2, 2)),
                TestCodes.EXPIRES.plusSeconds(1));
        assertEquals(new DccPolicy.Verdict(HealthStatus.YELLOW, "signed_expired"),
                DEFAULTS.decide(expired, TestCodes.EXPIRES.plusSeconds(1)));
        byte[] malformedEntry = TestCodes.claims(TestCodes.vaccination(2, 2).Set("v", "not a list"), TestCodes.ISSUED,
                TestCodes.EXPIRES).EncodeToBytes();
        assertVerdict(DEFAULTS, TestCodes.code(EC, malformedEntry), HealthStatus.YELLOW, "signed_bad_entry");
    }

    private static void assertVerdict(DccPolicy policy, String code, HealthStatus status, String reason) {
        assertEquals(new DccPolicy.Verdict(status, reason), policy.decide(VERIFIER.verify(code, AT), AT));
    }
}
