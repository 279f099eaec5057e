package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.GpioTrace;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.risklist.Kind;
import org.onedoor.terminal.risklist.RiskListSigner;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.signed.IssuerKeys;
import org.onedoor.terminal.signed.TestCodes;
import org.onedoor.terminal.signed.TrustListFile;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.DaemonProcess;

/**
 * Signed codes (HC1) through the real daemon: codes typed into lane east's pty, the trust list a signed file, the
 * county's risk list a retained message on the rig's Mosquitto.
 */
class SignedCodesEndToEndTest {
    private static final String COUNTY = "430124";
    /** The subject the county lists Zhang San by: docs/signed-codes.md, "The holder and the risk list". */
    private static final String ZHANG_SAN = "DCC/ZHANG/SAN/1990-01-01";

    @TempDir
    Path dir;

    /**
     * Run with the shipped thread stacks (256 KiB), where both codes overflowed the CBOR decoder and killed lane
     * east's scanner thread: the good code after them was never read, and the watchdog kept pinging.
     */
    @Test
    void deeplyNestedCodesAreRefusedAndCountedAndTheLaneDecidesTheNextCode() throws Exception {
        try (GateRig rig = new GateRig(dir, 0)) {
            rig.mqttKeys("url = \"" + rig.broker.url() + "\"\nstatus_interval_s = 5").extraToml(signedTable())
                    .jvmOptions("-Xss256k");
            rig.startDaemon();
            String nested60000 = TestCodes.nestedArrays(60_000);
            GateRig.scan(rig.east, TestCodes.NESTED_450);
            GateRig.scan(rig.east, nested60000);
            rig.awaitEntries(2);
            int traced = rig.trace().size();
            GateRig.scan(rig.east, TestCodes.fresh(TestCodes.vaccination(2, 2)));
            rig.awaitEntries(3);

            List<Map<String, Object>> entries = rig.rows("entry");
            for (Map<String, Object> refused : entries.subList(0, 2)) {
                assertEquals(List.of("refused", "signed_undecodable", "none"),
                        List.of(refused.get("result"), refused.get("reason"), refused.get("source")));
            }
            assertEquals(List.of("granted", "green", "signed"), List.of(entries.get(2).get("result"),
                    entries.get(2).get("reason"), entries.get(2).get("source")));
            Await.until("the relay pulsed for the good code", Duration.ofSeconds(5),
                    () -> relayPulsesSince(rig, traced) == 1);
            GateRig.scan(rig.east, TestCodes.NESTED_450);
            GateRig.scan(rig.east, nested60000);
            rig.awaitEntries(5);
            Await.until("every entry sealed with its latency", Duration.ofSeconds(5),
                    () -> rig.rows("entry").stream().allMatch(r -> r.get("latency_us") != null));
            assertEquals(List.of("signed_undecodable", "signed_undecodable"),
                    rig.rows("entry").subList(3, 5).stream().map(r -> r.get("reason")).toList());
            Await.until("the heartbeat counts the four refusals", Duration.ofSeconds(30), () -> rig.messages("status")
                    .stream().anyMatch(s -> lane(s, "east").path("outcomes").path("refused").path("signed_undecodable")
                            .asLong() == 4));
            entries = rig.rows("entry");
            assertFalse(rig.logText().contains("StackOverflowError"), "no stack overflow");
            assertTrue(rig.daemonRunning());
            System.out.printf("SignedCodesEndToEndTest: frame to lamps, first and second time: %d-character code"
                            + " nesting 450 levels %s us, %s us; %d-character code nesting 60,000 levels %s us, %s us;"
                            + " the valid code after them %s us%n", TestCodes.NESTED_450.length(),
                    entries.get(0).get("latency_us"), entries.get(3).get("latency_us"), nested60000.length(),
                    entries.get(1).get("latency_us"), entries.get(4).get("latency_us"), entries.get(2).get("latency_us"));
        }
    }

    /**
     * Zhang San is red on the county's list; his certificate is valid and was let in before. He is refused now,
     * and his entry carries his pseudonym; another holder is let in under hers. No name or birth date leaves the
     * daemon.
     */
    @Test
    void aRedListedHolderOfAValidCertificateIsRefused() throws Exception {
        byte[] master = new SecureRandom().generateSeed(32);
        Path riskKeyFile = dir.resolve("risklist.key");
        SecretFiles.writeNewKey(riskKeyFile, KeyDerivation.riskListKey(master, COUNTY, 1));
        Pseudonymizer riskKey = new Pseudonymizer(KeyDerivation.riskListKey(master, COUNTY, 1));
        KeyPair county = SigningKeys.generate();
        TreeMap<String, HealthStatus> listed = new TreeMap<>(Map.of(riskKey.pseudonym(ZHANG_SAN), HealthStatus.RED));
        byte[] snapshot = new RiskListSigner(county.getPrivate(), COUNTY, 1)
                .snapshot(1, Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60), listed);

        try (GateRig rig = new GateRig(dir, 0)) {
            rig.extraToml(signedTable() + """

                    [risklist]
                    public_key = "%s"
                    key_file = "risklist.key"
                    key_epoch = 1
                    """.formatted(SigningKeys.publicKeyText(county.getPublic())));
            publishRetained(rig, Kind.SNAPSHOT, snapshot);
            long mark = rig.logMark();
            rig.startDaemon();
            DaemonProcess.awaitLog(rig.log, mark, Duration.ofSeconds(20),
                    "risk list snapshot of " + snapshot.length + " bytes: applied");

            int traced = rig.trace().size();
            GateRig.scan(rig.east, TestCodes.fresh(TestCodes.vaccinationOf("张", "ZHANG", "三", "SAN", "1990-01-01")));
            rig.awaitEntries(1);
            Map<String, Object> zhang = rig.rows("entry").get(0);
            Pseudonymizer terminalKey = Pseudonymizer.fromKeyFile(rig.keyFile);
            assertEquals(List.of("refused", "red", "red", "risklist", terminalKey.pseudonym(ZHANG_SAN)), Arrays.asList(
                    zhang.get("result"), zhang.get("reason"), zhang.get("status"), zhang.get("source"),
                    zhang.get("subject")));
            Await.until("a red_code alert", Duration.ofSeconds(5), () -> rig.rows("alert").stream()
                    .anyMatch(a -> "red_code".equals(a.get("alert_type"))));

            GateRig.scan(rig.east, TestCodes.fresh(TestCodes.vaccinationOf("Müller", "MUELLER", "Anna", "ANNA",
                    "1985-05-05")));
            rig.awaitEntries(2);
            Map<String, Object> anna = rig.rows("entry").get(1);
            assertEquals(List.of("granted", "green", "signed", terminalKey.pseudonym("DCC/MUELLER/ANNA/1985-05-05")),
                    Arrays.asList(anna.get("result"), anna.get("reason"), anna.get("source"), anna.get("subject")));
            Await.until("Anna's entry published", Duration.ofSeconds(20), () -> rig.messages("entry").size() == 2);
            assertEquals(1, relayPulsesSince(rig, traced), "one pulse: Anna's");

            StringBuilder everything = new StringBuilder(rig.logText()).append(rig.allRows());
            rig.subscriber.received().forEach(m -> everything.append(new String(m.payload(), StandardCharsets.UTF_8)));
            assertTrue(everything.indexOf(terminalKey.pseudonym(ZHANG_SAN)) > 0, "the pseudonym is there");
            for (String personal : List.of("ZHANG", "SAN/", "1990-01-01", "MUELLER", "Müller", "1985-05-05", "DCC/")) {
                assertTrue(everything.indexOf(personal) < 0, personal + " in the log, the ledger or on MQTT");
            }
            assertNull(zhang.get("detail"));
        }
    }

    private String signedTable() throws Exception {
        KeyPair issuer = IssuerKeys.generate();
        Files.write(dir.resolve("trust.json"), TrustListFile.sign(List.of(TestCodes.signer("ec-any").certificate()),
                1, Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS), issuer.getPrivate()));
        return """

                [signed]
                trust_list = "trust.json"
                trust_public_key = "%s"
                """.formatted(Base64.getEncoder().encodeToString(issuer.getPublic().getEncoded()));
    }

    private static com.fasterxml.jackson.databind.JsonNode lane(com.fasterxml.jackson.databind.JsonNode status,
                                                               String name) {
        for (var lane : status.path("lanes")) {
            if (name.equals(lane.path("lane").asText())) {
                return lane;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Lane east's relay turning on in the trace from its {@code index}th event on. */
    private static long relayPulsesSince(GateRig rig, int index) {
        try {
            List<GpioTrace.Event> trace = rig.trace();
            return trace.subList(index, trace.size()).stream()
                    .filter(e -> e.pin() == GateRig.EAST_RELAY && e.active()).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void publishRetained(GateRig rig, Kind kind, byte[] payload) throws Exception {
        try (MqttClient client = new MqttClient(rig.broker.url(), "county", new MemoryPersistence())) {
            client.connect();
            client.publish(kind.topic("onedoor/v1", COUNTY), payload, 1, true);
            client.disconnect();
        }
    }
}
