package org.onedoor.terminal.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.onedoor.terminal.testing.PayloadSchemas;

/** Signed commands through a real Mosquitto into the real daemon: what runs, what is refused, and why. */
class RemoteCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final Target SELF = new Target(InProcessGate.COUNTY, InProcessGate.VENUE, InProcessGate.TERMINAL);

    @TempDir
    Path dir;

    private final KeyPair county = ed25519();
    private final CommandSigner signer = new CommandSigner(county.getPrivate(), Clock.systemUTC());

    @Test
    void signedCommandsRunAndForgedReplayedOrRetainedOnesAreRefused() throws Exception {
        List<String> gpio = new CopyOnWriteArrayList<>();
        String prefix = InProcessGate.topicPrefix();
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY).start()) {
            // A retained command waits on the broker and reaches every terminal at each (re)connect: refused.
            send(broker, prefix + "/cmd/mode", signer.sign(SELF, Duration.ofMinutes(1),
                    new Command.SetMode(Mode.EMERGENCY_OPEN)), true);
            InProcessGate gate = new InProcessGate().broker(broker.url(), 0).clockSynchronised(true)
                    .mqtt(m -> m.withCommandPublicKey(county.getPublic()));
            try (MqttTestSubscriber dashboard = MqttTestSubscriber.subscribe(broker.url(), prefix + "/#");
                 Daemon daemon = gate.start(dir, gpio::add, true)) {
                Await.until("connected", DEADLINE, () -> daemon.state().brokerConnected());

                byte[] open = signer.sign(SELF, Duration.ofMinutes(1), new Command.Open("east", "checked by hand"));
                send(broker, prefix + "/cmd/open", open, false);
                JsonNode result = awaitResult(dashboard, "open", 1);
                assertTrue(result.get("accepted").asBoolean(), result.toString());
                Await.until("the relay pulsed", DEADLINE, () -> gpio.contains("  [gpio] east relay (pin 17) ON"));
                JsonNode entry = daemon.ledger().range(1, 1_000).stream().filter(m -> m.topicSuffix().equals("entry"))
                        .map(m -> read(m.payload())).findFirst().orElseThrow();
                assertEquals(List.of("granted", "remote_open", "remote"), List.of(entry.get("result").asText(),
                        entry.get("reason").asText(), entry.get("source").asText()));

                send(broker, prefix + "/cmd/open", open, false);
                assertEquals("replayed", awaitResult(dashboard, "open", 2).get("reason").asText());

                byte[] forged = new CommandSigner(ed25519().getPrivate(), Clock.systemUTC())
                        .sign(SELF, Duration.ofMinutes(1), new Command.SetMode(Mode.EMERGENCY_OPEN));
                send(broker, prefix + "/cmd/mode", forged, false);
                assertEquals("bad_signature", awaitResult(dashboard, "mode", 2).get("reason").asText());

                assertEquals("retained", awaitResult(dashboard, "mode", 1).get("reason").asText(),
                        "the retained command left on the broker before the terminal connected");
                assertEquals(Mode.STRICT, daemon.mode().current(), "no refused command changed anything");

                send(broker, prefix + "/cmd/mode", signer.sign(SELF, Duration.ofMinutes(1),
                        new Command.SetMode(Mode.LOCKDOWN)), false);
                assertTrue(awaitResult(dashboard, "mode", 3).get("accepted").asBoolean());
                assertEquals(Mode.LOCKDOWN, daemon.mode().current());

                long lastSeq = daemon.ledger().range(1, 1_000).stream().mapToLong(m -> m.seq()).max().orElseThrow();
                send(broker, prefix + "/cmd/replay", signer.sign(SELF, Duration.ofMinutes(1),
                        new Command.Replay(1, lastSeq)), false);
                JsonNode replayed = awaitResult(dashboard, "replay", 1);
                assertTrue(replayed.get("accepted").asBoolean(), replayed.toString());
                Await.until("the gap refilled on replay", DEADLINE, () -> topic(dashboard, prefix + "/replay").size() == lastSeq);
                for (Received r : topic(dashboard, prefix + "/replay")) {
                    PayloadSchemas.assertValid("replay", r.payload());
                }
                assertFalse(dashboard.received().stream().anyMatch(r -> r.topic().contains("/cmd/") && r.retained()
                        && r.topic().endsWith("/result")), "results are never retained");
            }
        }
    }

    private static JsonNode awaitResult(MqttTestSubscriber dashboard, String name, int nth) {
        String topic = InProcessGate.topicPrefix() + "/cmd/" + name + "/result";
        Await.until(nth + " result(s) of " + name, DEADLINE, () -> topic(dashboard, topic).size() >= nth);
        Received r = topic(dashboard, topic).get(nth - 1);
        PayloadSchemas.assertValid("command-result", r.payload());
        return read(r.payload());
    }

    private static List<Received> topic(MqttTestSubscriber s, String topic) {
        return s.received().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    private static void send(MosquittoBroker broker, String topic, byte[] payload, boolean retained) throws Exception {
        try (MqttClient client = new MqttClient(broker.url(), "county-operator", new MemoryPersistence())) {
            client.connect();
            client.publish(topic, payload, 1, retained);
            client.disconnect();
        }
    }

    private static JsonNode read(byte[] payload) {
        try {
            return JSON.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
