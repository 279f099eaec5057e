package org.onedoor.terminal.signed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.status.StatusResolver;
import org.onedoor.terminal.testing.InProcessGate;
import org.onedoor.terminal.testing.LedgerEvents;

/** Signed codes through the real daemon with the health service unreachable: no network is needed. */
class SignedAtTheGateTest {
    private static final KeyPair ISSUER = IssuerKeys.generate();

    @TempDir
    Path dir;

    private TerminalConfig.Signed signedConfig(Path trustList) {
        return new TerminalConfig.Signed(trustList, ISSUER.getPublic(), Duration.ofDays(7), Duration.ofSeconds(1),
                java.util.EnumSet.allOf(CertificateType.class), Duration.ofHours(72), true, true);
    }

    private Path trustList(Instant issuedAt) throws Exception {
        return Files.write(dir.resolve("trust.json"), TrustListFile.sign(
                List.of(TestCodes.signer("ec-any").certificate()), 1, issuedAt, ISSUER.getPrivate()));
    }

    private static String freshVaccination() {
        Instant now = Instant.now();
        return TestCodes.code(TestCodes.signer("ec-any"), TestCodes.claims(TestCodes.vaccination(2, 2),
                now.minusSeconds(3600), now.plus(Duration.ofDays(365))).EncodeToBytes());
    }

    @Test
    void aSignedGreenOpensOfflineAndAForgeryIsRefused() throws Exception {
        List<String> gpio = new CopyOnWriteArrayList<>();
        InProcessGate gate = new InProcessGate().signed(signedConfig(trustList(Instant.now().minusSeconds(60))));
        try (Daemon daemon = gate.start(dir, gpio::add, false)) {
            JsonNode granted = LedgerEvents.scan(daemon, gate, freshVaccination());
            assertEquals(List.of("granted", "green", "signed", "green"), fields(granted));
            assertTrue(gpio.contains("  [gpio] east relay (pin 17) ON"));

            String forged = TestCodes.code(TestCodes.signer("rsa-any"), TestCodes.claims(TestCodes.vaccination(2, 2),
                    Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1))).EncodeToBytes());
            JsonNode refused = LedgerEvents.scan(daemon, gate, forged);
            assertEquals(List.of("refused", "signed_unknown_signer", "none", "unknown"), fields(refused));
            assertFalse(granted.toString().contains("HC1:"), "the code is never recorded");
        }
    }

    @Test
    void staleTrustJudgesNoSignedCodeAndSaysSo() throws Exception {
        InProcessGate gate = new InProcessGate().signed(signedConfig(trustList(Instant.now().minus(Duration.ofDays(8)))));
        try (Daemon daemon = gate.start(dir, null, false)) {
            JsonNode refused = LedgerEvents.scan(daemon, gate, freshVaccination());
            assertEquals(List.of("refused", SignedCodes.TRUST_STALE, "none", "unknown"), fields(refused));
            Await.until("a stale trust list is reported", Duration.ofSeconds(10),
                    () -> daemon.state().staleness().trustList() && LedgerEvents.of(daemon, "alert").stream().anyMatch(
                            a -> a.path("detail").path("what").asText().equals("trustlist")));
        }
    }

    /**
     * While a risk list is in force, a verified certificate is checked against it by its holder's name and birth
     * date, and its entry carries the holder's pseudonym; one that names nobody cannot be checked, so it is not
     * green on its own word.
     */
    @Test
    void withARiskListTheHolderIsNamedByPseudonymAndANamelessCertificateIsNotGreen() throws Exception {
        Path riskKey = dir.resolve("risklist.key");
        SecretFiles.writeNewKey(riskKey, new java.security.SecureRandom().generateSeed(32));
        InProcessGate gate = new InProcessGate().signed(signedConfig(trustList(Instant.now().minusSeconds(60))))
                .riskList(new TerminalConfig.RiskList(SigningKeys.generate().getPublic(), riskKey, 1,
                        Duration.ofHours(2), 50_000));
        try (Daemon daemon = gate.start(dir, null, false)) {
            JsonNode named = LedgerEvents.scan(daemon, gate,
                    TestCodes.fresh(TestCodes.vaccinationOf("张", "ZHANG", "三", "SAN", "1990-01-01")));
            assertEquals(List.of("granted", "green", "signed", "green"), fields(named));
            assertEquals(Pseudonymizer.fromKeyFile(dir.resolve("pseudonym.key")).pseudonym("DCC/ZHANG/SAN/1990-01-01"),
                    named.path("subject").asText());

            JsonNode nameless = LedgerEvents.scan(daemon, gate, freshVaccination());
            assertEquals(List.of("refused", StatusResolver.SIGNED_NO_HOLDER, "none", "unknown"), fields(nameless));
            assertTrue(nameless.path("subject").isMissingNode() || nameless.path("subject").isNull());
        }
    }

    private static List<String> fields(JsonNode entry) {
        return List.of(entry.get("result").asText(), entry.get("reason").asText(), entry.get("source").asText(),
                entry.get("status").asText());
    }
}
