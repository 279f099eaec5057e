package org.onedoor.terminal.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.command.Command;
import org.onedoor.terminal.command.CommandSigner;
import org.onedoor.terminal.command.Target;
import org.onedoor.terminal.config.TerminalConfig.Input;
import org.onedoor.terminal.config.TerminalConfig.Inputs;
import org.onedoor.terminal.config.TerminalConfig.LaneInputs;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.testing.InProcessGate;
import org.onedoor.terminal.testing.LedgerEvents;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.MosquittoBroker.Persistence;
import org.onedoor.terminal.testing.PayloadSchemas;

/**
 * Lockdown refuses every scan, but not a person someone checked by hand (docs/modes.md): the guard's button
 * and the county's signed {@code open} still open the lane, each recorded with its source and mode and raised
 * at once as a {@code lockdown_override} alert, so nobody learns of a breach of the lockdown late.
 */
class LockdownOverrideTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int BUTTON = 16;
    private static final String RELAY_ON = "  [gpio] east relay (pin 17) ON";

    @TempDir
    Path dir;

    private final List<String> gpio = new CopyOnWriteArrayList<>();

    @Test
    void theGuardButtonOpensInLockdownAndRaisesAnOverride() throws Exception {
        InProcessGate gate = new InProcessGate().mode(Mode.LOCKDOWN)
                .inputs(new Inputs(Duration.ofMillis(5), Optional.empty(), Optional.empty(), false))
                .laneInputs(new LaneInputs(Optional.of(Input.of(BUTTON, true)), Optional.empty()));
        try (Daemon daemon = gate.start(dir, gpio::add, false)) {
            JsonNode scan = LedgerEvents.scan(daemon, gate, "CB:430124199001011234");
            assertEquals(List.of("refused", "lockdown"), List.of(scan.get("result").asText(), scan.get("reason").asText()));

            gate.gpio().setLevel(BUTTON, false);
            Await.until("the manual entry", WAIT, () -> LedgerEvents.of(daemon, "entry").size() == 2);
            gate.gpio().setLevel(BUTTON, true);

            assertOverride(daemon, "manual", "manual_open");
        }
    }

    @Test
    void aSignedRemoteOpenOpensInLockdownAndRaisesAnOverride() throws Exception {
        KeyPair county = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY).start()) {
            InProcessGate gate = new InProcessGate().mode(Mode.LOCKDOWN).broker(broker.url(), 0).clockSynchronised(true)
                    .mqtt(m -> m.withCommandPublicKey(county.getPublic()));
            try (Daemon daemon = gate.start(dir, gpio::add, true)) {
                Await.until("connected", WAIT, () -> daemon.state().brokerConnected());

                byte[] open = new CommandSigner(county.getPrivate(), Clock.systemUTC()).sign(
                        new Target(InProcessGate.COUNTY, InProcessGate.VENUE, InProcessGate.TERMINAL),
                        Duration.ofMinutes(1), new Command.Open("east", "medical staff, checked at the door"));
                try (MqttClient operator = new MqttClient(broker.url(), "county-operator", new MemoryPersistence())) {
                    operator.connect();
                    operator.publish(InProcessGate.topicPrefix() + "/cmd/open", open, 1, false);
                    operator.disconnect();
                }
                Await.until("the remote entry", WAIT, () -> LedgerEvents.of(daemon, "entry").size() == 1);

                assertOverride(daemon, "remote", "remote_open");
                assertEquals(Mode.LOCKDOWN, daemon.mode().current(), "the lockdown stays for everyone else");
            }
        }
    }

    private void assertOverride(Daemon daemon, String source, String reason) {
        JsonNode entry = LedgerEvents.of(daemon, "entry").stream().filter(e -> e.get("source").asText().equals(source))
                .findFirst().orElseThrow();
        assertEquals(List.of("granted", reason, "lockdown"), List.of(entry.get("result").asText(),
                entry.get("reason").asText(), entry.get("mode").asText()));
        Await.until("the relay pulsed", WAIT, () -> gpio.contains(RELAY_ON));
        Await.until("the override alert", WAIT, () -> overrides(daemon).size() == 1);
        JsonNode alert = overrides(daemon).get(0);
        assertEquals(List.of("high", "east", "东门", source, reason), List.of(alert.get("severity").asText(),
                alert.get("lane").asText(), alert.get("detail").get("entrance").asText(),
                alert.get("detail").get("source").asText(), alert.get("detail").get("reason").asText()));
        assertTrue(alert.get("seq").asLong() > entry.get("seq").asLong(), "raised after the entry it concerns");
        daemon.ledger().range(1, Long.MAX_VALUE).stream().filter(m -> m.topicSuffix().equals("alert"))
                .forEach(m -> PayloadSchemas.assertValid("alert", m.payload()));
    }

    private static List<JsonNode> overrides(Daemon daemon) {
        return LedgerEvents.of(daemon, "alert").stream()
                .filter(a -> a.get("type").asText().equals("lockdown_override")).toList();
    }
}
