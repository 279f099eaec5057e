package org.onedoor.terminal.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.command.Command;
import org.onedoor.terminal.command.CommandSigner;
import org.onedoor.terminal.command.Target;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.testing.InProcessGate;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.MosquittoBroker.Persistence;
import org.onedoor.terminal.testing.MqttTestSubscriber;
import org.onedoor.terminal.testing.MqttTestSubscriber.Received;

/**
 * What docs/commands.md says of a command published with the retain flag: MQTT 3.1.1 clears the flag on live
 * delivery, so a terminal already subscribed runs it; the copy the broker keeps comes flagged at the next connect
 * and is refused, and its spent request id would refuse it even without the flag.
 */
class RetainedCommandTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Target SELF = new Target(InProcessGate.COUNTY, InProcessGate.VENUE, InProcessGate.TERMINAL);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aRetainedCommandRunsOnLiveDeliveryAndIsRefusedWhenItComesBack() throws Exception {
        KeyPair county = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String prefix = InProcessGate.topicPrefix();
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY).start();
             MqttTestSubscriber dashboard = MqttTestSubscriber.subscribe(broker.url(), prefix + "/cmd/+/result")) {
            InProcessGate gate = new InProcessGate().broker(broker.url(), 0).clockSynchronised(true)
                    .mqtt(m -> m.withCommandPublicKey(county.getPublic()));
            byte[] lockdown = new CommandSigner(county.getPrivate(), Clock.systemUTC())
                    .sign(SELF, Duration.ofMinutes(5), new Command.SetMode(Mode.LOCKDOWN));
            try (Daemon daemon = gate.start(dir, null, true)) {
                Await.until("connected", DEADLINE, () -> daemon.state().brokerConnected());
                try (MqttClient operator = new MqttClient(broker.url(), "careless-operator", new MemoryPersistence())) {
                    operator.connect();
                    operator.publish(prefix + "/cmd/mode", lockdown, 1, true);
                    operator.disconnect();
                }
                Await.until("the live delivery answered", DEADLINE, () -> results(dashboard).size() == 1);
                assertTrue(results(dashboard).get(0).get("accepted").asBoolean(), "the flag was cleared: it ran");
                assertEquals(Mode.LOCKDOWN, daemon.mode().current());
            }
            try (Daemon again = gate.start(dir, null, true)) {
                Await.until("the retained copy answered", DEADLINE, () -> results(dashboard).size() == 2);
                JsonNode second = results(dashboard).get(1);
                assertEquals(List.of(false, "retained"), List.of(second.get("accepted").asBoolean(),
                        second.get("reason").asText()), "the copy the broker kept comes flagged");
            }
        }
    }

    private static List<JsonNode> results(MqttTestSubscriber dashboard) {
        return dashboard.received().stream().filter(r -> r.topic().endsWith("/cmd/mode/result")).map(Received::payload)
                .map(RetainedCommandTest::read).toList();
    }

    private static JsonNode read(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
