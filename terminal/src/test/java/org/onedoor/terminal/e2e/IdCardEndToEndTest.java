package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.IdCardEmulator;
import org.onedoor.drivers.testing.IdCardEmulator.Card;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.risklist.Kind;
import org.onedoor.terminal.risklist.RiskListSigner;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.DaemonProcess;
import org.onedoor.terminal.testing.TestIdNumbers;

/**
 * The east lane with a resident ID-card reader: the module emulated on a socat pty at 115200, the real
 * daemon in its own JVM, the stand-in service answering by ID number. The reader is polled every
 * {@value #POLL_MS} ms rather than the shipped 300, so that a card left for as many polls as ten seconds take
 * at 300 ms lies there for about one second; the duplicate window is off, so only the reader's
 * once-per-placement rule can keep it to one entry.
 */
class IdCardEndToEndTest {
    private static final int POLL_MS = 30;
    /** Ten seconds of polls at the shipped 300 ms. */
    private static final int TEN_SECONDS_OF_POLLS = 10_000 / 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String GREEN = TestIdNumbers.of("19900307", 123);
    private static final String RED = TestIdNumbers.of("19851111", 42);
    private static final String COUNTY = "430124";

    @TempDir
    Path dir;

    @Test
    void cardsAreDecidedLikeCodesOfTheSamePerson() throws Exception {
        try (GateRig rig = new GateRig(dir, 0).withIdCardReader(POLL_MS);
             IdCardEmulator reader = IdCardEmulator.start(rig.idCard, 115200)) {
            rig.service.registerIdNumber(GREEN, HealthStatus.GREEN, Duration.ofHours(1));
            rig.service.registerIdNumber(RED, HealthStatus.RED, Duration.ofHours(1));
            rig.register("CB:" + GREEN, HealthStatus.GREEN, GREEN);
            rig.startDaemon();

            int relayEdges = relayEdges(rig);
            present(reader, Card.of(GREEN, "20360307"));
            rig.awaitEntries(1);
            Map<String, Object> green = rig.rows("entry").get(0);
            assertEquals(List.of("granted", "green", "online", "id_card"), List.of(green.get("result"),
                    green.get("reason"), green.get("source"), green.get("credential")));
            assertNull(green.get("id_expired"));
            Await.until("a relay edge", TIMEOUT, () -> relayEdges(rig) == relayEdges + 1);
            assertEquals(1, rig.service.requestCount(GREEN), "asked by id_number");

            GateRig.scan(rig.east, "CB:" + GREEN); // a code whose subject is the same ID number
            rig.awaitEntries(2);
            Map<String, Object> code = rig.rows("entry").get(1);
            assertEquals("code", code.get("credential"));
            assertEquals(green.get("subject"), code.get("subject"), "one person, one pseudonym");

            present(reader, Card.of(RED, "20360307"));
            rig.awaitEntries(3);
            Map<String, Object> red = rig.rows("entry").get(2);
            assertEquals(List.of("refused", "red", "id_card"), List.of(red.get("result"), red.get("reason"),
                    red.get("credential")));
            Await.until("a red_code alert", TIMEOUT, () -> rig.rows("alert").stream()
                    .anyMatch(a -> "red_code".equals(a.get("alert_type")) && red.get("subject").equals(a.get("subject"))));

            present(reader, Card.of(TestIdNumbers.withWrongCheck(GREEN), "20360307"));
            rig.awaitEntries(4);
            Map<String, Object> invalid = rig.rows("entry").get(3);
            assertEquals(List.of("refused", "invalid_id", "none", "id_card"), List.of(invalid.get("result"),
                    invalid.get("reason"), invalid.get("source"), invalid.get("credential")));
            assertNull(invalid.get("subject"));

            present(reader, Card.of(GREEN, "20200101"));
            rig.awaitEntries(5);
            Map<String, Object> expired = rig.rows("entry").get(4);
            assertEquals(List.of("granted", 1), List.of(expired.get("result"), expired.get("id_expired")),
                    "an expired card is decided as usual and marked");

            int reads = reader.reads();
            int found = reader.foundAnswers();
            reader.placeFor(Card.of(GREEN, "20360307"), TEN_SECONDS_OF_POLLS);
            Await.until("the card taken away", TIMEOUT, () -> !reader.cardPresent());
            assertTrue(reader.foundAnswers() - found >= TEN_SECONDS_OF_POLLS);
            rig.awaitEntries(6);
            assertEquals(reads + 1, reader.reads(), "read once while it lay there");

            rig.service.setFailure(503);
            present(reader, Card.of(GREEN, "20360307"));
            rig.awaitEntries(7);
            Map<String, Object> cached = rig.rows("entry").get(6);
            assertEquals(List.of("granted", "green", "cache", "id_card"), List.of(cached.get("result"),
                    cached.get("reason"), cached.get("source"), cached.get("credential")));
            rig.service.setFailure(0);

            for (int i = 0; i < 10; i++) {
                present(reader, Card.of(TestIdNumbers.withCheck("00000019900307" + String.format("%03d", i)),
                        "20360307"));
            }
            rig.awaitEntries(17);
            Await.until("an invalid_id_burst alert", TIMEOUT, () -> rig.rows("alert").stream()
                    .anyMatch(a -> "invalid_id_burst".equals(a.get("alert_type"))));
            assertEquals(7, rig.rows("entry").size() - 10);
            Await.until("every entry published with its credential", TIMEOUT,
                    () -> rig.messages("entry").size() >= 17);
            rig.messages("entry").forEach(m -> assertTrue(m.has("credential"), m.toString()));
        }
    }

    /**
     * Zhang San is red on the county's list under his ID number. With the service down and nothing cached he
     * is refused by his card, offline, by the list; and the reader's unplugging is told to the county.
     */
    @Test
    void aPersonOnTheRiskListIsRefusedOfflineByCard() throws Exception {
        byte[] master = new SecureRandom().generateSeed(32);
        Path riskKeyFile = dir.resolve("risklist.key");
        SecretFiles.writeNewKey(riskKeyFile, KeyDerivation.riskListKey(master, COUNTY, 1));
        Pseudonymizer riskKey = new Pseudonymizer(KeyDerivation.riskListKey(master, COUNTY, 1));
        KeyPair county = SigningKeys.generate();
        byte[] snapshot = new RiskListSigner(county.getPrivate(), COUNTY, 1).snapshot(1,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60),
                new TreeMap<>(Map.of(riskKey.pseudonym(RED), HealthStatus.RED)));

        try (GateRig rig = new GateRig(dir, 0).withIdCardReader(POLL_MS);
             IdCardEmulator reader = IdCardEmulator.start(rig.idCard, 115200)) {
            rig.extraToml("""

                    [risklist]
                    public_key = "%s"
                    key_file = "risklist.key"
                    key_epoch = 1
                    """.formatted(SigningKeys.publicKeyText(county.getPublic())));
            try (MqttClient client = new MqttClient(rig.broker.url(), "county", new MemoryPersistence())) {
                client.connect();
                client.publish(Kind.SNAPSHOT.topic("onedoor/v1", COUNTY), snapshot, 1, true);
                client.disconnect();
            }
            long mark = rig.logMark();
            rig.startDaemon();
            DaemonProcess.awaitLog(rig.log, mark, TIMEOUT, "risk list snapshot of " + snapshot.length
                    + " bytes: applied");
            rig.service.setFailure(503);

            int relayEdges = relayEdges(rig);
            present(reader, Card.of(RED, "20360307"));
            rig.awaitEntries(1);
            Map<String, Object> refused = rig.rows("entry").get(0);
            assertEquals(List.of("refused", "red", "risklist", "id_card",
                    Pseudonymizer.fromKeyFile(rig.keyFile).pseudonym(RED)), List.of(refused.get("result"),
                    refused.get("reason"), refused.get("source"), refused.get("credential"), refused.get("subject")));
            assertEquals(relayEdges, relayEdges(rig));

            rig.idCard.kill();
            Await.until("idcard_down", TIMEOUT, () -> alerts(rig).contains("idcard_down"));
            rig.idCard.restart();
            try (IdCardEmulator replugged = IdCardEmulator.start(rig.idCard, 115200)) {
                Await.until("idcard_up", TIMEOUT, () -> alerts(rig).contains("idcard_up"));
                present(replugged, Card.of(GREEN, "长期"));
                rig.awaitEntries(2);
                assertEquals("status_unavailable", rig.rows("entry").get(1).get("reason"));
            }
        }
    }

    /** Lays the card on the reader for one poll; it is gone at the next, once read. */
    static void present(IdCardEmulator reader, Card card) {
        reader.placeFor(card, 1);
        Await.until("the card read and taken away", TIMEOUT, () -> !reader.cardPresent());
    }

    private static List<Object> alerts(GateRig rig) {
        return rig.rows("alert").stream().map(a -> a.get("alert_type")).toList();
    }

    private static int relayEdges(GateRig rig) {
        try {
            return (int) rig.trace().stream().filter(e -> e.pin() == GateRig.EAST_RELAY && e.active()).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
