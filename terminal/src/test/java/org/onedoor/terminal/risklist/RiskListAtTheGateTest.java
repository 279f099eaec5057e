package org.onedoor.terminal.risklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.InProcessGate;
import org.onedoor.terminal.testing.LedgerEvents;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.MosquittoBroker.Persistence;

/**
 * The county's risk list through a real Mosquitto and the real daemon: a new terminal starts from the retained
 * snapshot, a delta lists a person whose green is cached, the service goes down, the terminal restarts offline —
 * and the listed people are refused throughout.
 */
class RiskListAtTheGateTest {
    private static final String COUNTY = InProcessGate.COUNTY;
    private static final String ALICE = "430124199001011234";
    private static final String BOB = "43012419850505432X";

    @TempDir
    Path dir;

    private final byte[] master = new SecureRandom().generateSeed(32);
    private final Pseudonymizer riskKey = new Pseudonymizer(KeyDerivation.riskListKey(master, COUNTY, 1));
    private final KeyPair signing = SigningKeys.generate();
    private final RiskListSigner signer = new RiskListSigner(signing.getPrivate(), COUNTY, 1);

    @Test
    void listedPeopleAreRefusedOnlineOfflineAndAfterARestart() throws Exception {
        Path keyFile = dir.resolve("risklist.key");
        SecretFiles.writeNewKey(keyFile, KeyDerivation.riskListKey(master, COUNTY, 1));
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY).start();
             StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            service.register(badge(ALICE), HealthStatus.GREEN, ALICE, Duration.ofHours(1));
            service.register(badge(BOB), HealthStatus.GREEN, BOB, Duration.ofHours(1));
            service.start();
            publish(broker, Kind.SNAPSHOT, signer.snapshot(1, t0, listing(ALICE)), true);
            InProcessGate gate = new InProcessGate().healthService(service.port()).broker(broker.url(), 0)
                    .riskList(new TerminalConfig.RiskList(signing.getPublic(), keyFile, 1, Duration.ofHours(2), 50_000));

            try (Daemon daemon = gate.start(dir, null, true)) {
                Await.until("the retained snapshot applied", Duration.ofSeconds(20), () -> version(daemon) == 1);
                assertEquals(List.of("refused", "red", "risklist"), fields(LedgerEvents.scan(daemon, gate, badge(ALICE))),
                        "listed, although the service says green");
                assertEquals(List.of("granted", "green", "online"), fields(LedgerEvents.scan(daemon, gate, badge(BOB))), "Bob's green is cached");

                publish(broker, Kind.DELTA, signer.delta(1, 2, t0.plusSeconds(30), listing(BOB), new TreeSet<>()), false);
                Await.until("the delta applied", Duration.ofSeconds(20), () -> version(daemon) == 2);
                service.setFailure(503);
                assertEquals(List.of("refused", "red", "risklist"), fields(LedgerEvents.scan(daemon, gate, badge(BOB))),
                        "listed with a cached green and the service down");

                publish(broker, Kind.DELTA, signer.delta(5, 6, t0.plusSeconds(40), listing(ALICE), new TreeSet<>()), false);
                Await.until("the gap is seen", Duration.ofSeconds(20), () -> daemon.state().riskList().orElseThrow().gap());
                assertEquals(2, version(daemon), "a gap leaves the list on its version");
            }
            broker.stop();
            try (Daemon offline = gate.start(dir, null, true)) {
                assertEquals(2, version(offline), "the list survives a restart");
                assertEquals(List.of("refused", "red", "risklist"), fields(LedgerEvents.scan(offline, gate, badge(ALICE))));
                assertEquals(List.of("refused", "red", "risklist"), fields(LedgerEvents.scan(offline, gate, badge(BOB))));
            }
        }
    }

    @Test
    void aStolenTerminalKeyDoesNotMatchAnotherTerminalsPseudonyms() {
        Pseudonymizer stolen = new Pseudonymizer(KeyDerivation.terminalKey(master, COUNTY, "t-0001"));
        Pseudonymizer other = new Pseudonymizer(KeyDerivation.terminalKey(master, COUNTY, "t-0002"));
        Pseudonymizer sameAgain = new Pseudonymizer(KeyDerivation.terminalKey(master, COUNTY, "t-0001"));
        int matches = 0;
        for (int serial = 0; serial < 1000; serial++) {
            String subject = String.format("4301241990010%04d", serial) + "X";
            assertEquals(stolen.pseudonym(subject), sameAgain.pseudonym(subject), "one terminal, one pseudonym");
            if (stolen.pseudonym(subject).equals(other.pseudonym(subject))) {
                matches++;
            }
            assertNotEquals(riskKey.pseudonym(subject), other.pseudonym(subject), "entries never carry R(s)");
        }
        assertEquals(0, matches, "enumerating ids with the stolen key finds none of the other terminal's pseudonyms");
    }

    private TreeMap<String, HealthStatus> listing(String subject) {
        TreeMap<String, HealthStatus> entries = new TreeMap<>();
        entries.put(riskKey.pseudonym(subject), HealthStatus.RED);
        return entries;
    }

    /** A staff badge carrying its holder's id: the gate can look the holder up on the list before asking anyone. */
    private static String badge(String subject) {
        return "CB:" + subject;
    }

    private static long version(Daemon daemon) {
        return daemon.state().riskList().orElseThrow().version();
    }

    private static void publish(MosquittoBroker broker, Kind kind, byte[] payload, boolean retained) throws Exception {
        try (MqttClient county = new MqttClient(broker.url(), "county-" + kind.wireName(), new MemoryPersistence())) {
            county.connect();
            county.publish(kind.topic(InProcessGate.TOPIC_ROOT, COUNTY), payload, 1, retained);
            county.disconnect();
        }
    }

    private static List<String> fields(JsonNode entry) {
        return List.of(entry.get("result").asText(), entry.get("reason").asText(), entry.get("source").asText());
    }
}
