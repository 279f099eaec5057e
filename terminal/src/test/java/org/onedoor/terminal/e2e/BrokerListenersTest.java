package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onedoor.terminal.e2e.GateRig.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.command.Command;
import org.onedoor.terminal.command.CommandSigner;
import org.onedoor.terminal.command.Target;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.BrokerPki;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.MosquittoSub;
import org.onedoor.terminal.testing.MqttTestSubscriber.Received;
import org.onedoor.terminal.testing.PayloadSchemas;

/**
 * The real daemon, in its own JVM, against each kind of Mosquitto listener a county runs — plain, TLS with a client
 * certificate, user and password — read by {@code mosquitto_sub} through that same listener with the same
 * credentials: every topic of docs/mqtt.md arrives, valid. With credentials the broker refuses, the gate goes on
 * deciding and recording, and the log says why without the secret.
 */
class BrokerListenersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String TOPIC = GateRig.TOPIC;
    private static final Target GATE = new Target("430124", "e2e-venue", "t-e2e");
    private static final String GREEN = "https://hc.example.gov.cn/c/LISTENERGREEN0001";
    private static final String RED = "CB:LISTENERRED01";
    private static final String PASSWORD = "staple horse battery";

    @TempDir
    Path dir;

    private final KeyPair county = ed25519();
    private final CommandSigner signer = new CommandSigner(county.getPrivate(), Clock.systemUTC());

    @Test
    void plainListener() throws Exception {
        try (GateRig rig = new GateRig(Files.createDirectories(dir.resolve("gate")), 3000)) {
            rig.mqttKeys(keys("url = \"" + rig.broker.url() + "\""));
            everyTopicArrives(rig, broker -> MosquittoSub.subscribe(broker, TOPIC + "/#", dir.resolve("sub.err")));
        }
    }

    @Test
    void tlsListenerWithClientCertificate() throws Exception {
        BrokerPki pki = BrokerPki.issue(dir.resolve("pki"));
        MosquittoBroker.Tls tls = new MosquittoBroker.Tls(pki, true);
        try (GateRig rig = new GateRig(Files.createDirectories(dir.resolve("gate")), 3000, tls)) {
            rig.mqttKeys(keys("url = \"" + rig.broker.url(tls).replace("ssl://", "mqtts://") + "\"",
                    "ca_file = \"" + pki.caPem() + "\"",
                    "client_cert_file = \"" + pki.clientCert() + "\"",
                    "client_key_file = \"" + pki.clientKey() + "\""));
            everyTopicArrives(rig, broker -> MosquittoSub.subscribe(broker, tls, TOPIC + "/#", dir.resolve("sub.err")));
        }
    }

    @Test
    void passwordListener() throws Exception {
        MosquittoBroker.Password password = new MosquittoBroker.Password("t-e2e", PASSWORD);
        try (GateRig rig = new GateRig(Files.createDirectories(dir.resolve("gate")), 3000, password)) {
            rig.mqttKeys(keys("url = \"" + rig.broker.url(password) + "\"", "username = \"t-e2e\"",
                    "password_file = \"" + secret("mqtt.password", PASSWORD) + "\""));
            everyTopicArrives(rig,
                    broker -> MosquittoSub.subscribe(broker, password, TOPIC + "/#", dir.resolve("sub.err")));
        }
    }

    @Test
    void aWrongPasswordKeepsTheGateDecidingAndTheEventsInTheOutbox() throws Exception {
        MosquittoBroker.Password password = new MosquittoBroker.Password("t-e2e", PASSWORD);
        String wrong = "wrong-" + PASSWORD.replace(' ', '-');
        try (GateRig rig = new GateRig(Files.createDirectories(dir.resolve("gate")), 3000, password)) {
            rig.mqttKeys(keys("url = \"" + rig.broker.url(password) + "\"", "username = \"t-e2e\"",
                    "password_file = \"" + secret("mqtt.password", wrong) + "\""));
            String log = refusedButDeciding(rig, password);
            assertTrue(log.matches("(?s).*MQTT connect to tcp://127\\.0\\.0\\.1:\\d+ failed \\(reason 5: .*"), log);
            assertFalse(log.contains(PASSWORD) || log.contains(wrong), "the password is never logged");
        }
    }

    @Test
    void anUntrustedBrokerCertificateKeepsTheGateDecidingAndTheEventsInTheOutbox() throws Exception {
        BrokerPki pki = BrokerPki.issue(dir.resolve("pki"));
        MosquittoBroker.Tls tls = new MosquittoBroker.Tls(pki, false);
        try (GateRig rig = new GateRig(Files.createDirectories(dir.resolve("gate")), 3000, tls)) {
            rig.mqttKeys(keys("url = \"" + rig.broker.url(tls) + "\"", "ca_file = \"" + pki.unrelatedCaPem() + "\""));
            String log = refusedButDeciding(rig, tls);
            assertTrue(log.matches("(?s).*MQTT connect to ssl://127\\.0\\.0\\.1:\\d+ failed \\(reason 0: SSLHandshakeException: .*certification path.*"), log);
        }
    }

    /** Subscribes the way {@code broker}'s listener under test admits a county's client. */
    @FunctionalInterface
    private interface Subscriber {
        MosquittoSub subscribe(MosquittoBroker broker) throws Exception;
    }

    private void everyTopicArrives(GateRig rig, Subscriber independent) throws Exception {
        rig.register(GREEN, HealthStatus.GREEN, "listener-green");
        rig.register(RED, HealthStatus.RED, "listener-red");
        rig.clockSynchronised().startDaemon();
        Await.until("the daemon online", DEADLINE, () -> rig.subscriber.received().stream()
                .anyMatch(r -> r.topic().equals(TOPIC + "/availability") && r.text().equals("online")));
        try (MosquittoSub sub = independent.subscribe(rig.broker)) {
            assertEquals("online", latest(sub, "availability").text());
            for (String retained : List.of("availability", "status", "alert/active")) {
                assertTrue(sub.await(TOPIC + "/" + retained, 1, DEADLINE).get(0).retained(), retained + " is retained");
            }
            PayloadSchemas.assertValid("status", latest(sub, "status").payload());
            PayloadSchemas.assertValid("alert-active", latest(sub, "alert/active").payload());

            scan(rig.east, GREEN);
            scan(rig.east, RED);
            List<Received> entries = sub.await(TOPIC + "/entry", 2, DEADLINE);
            entries.forEach(e -> PayloadSchemas.assertValid("entry", e.payload()));
            assertEquals(List.of("granted", "refused"), entries.stream().map(e -> json(e).get("result").asText()).toList());
            Received alert = sub.await(TOPIC + "/alert", 1, DEADLINE).get(0);
            PayloadSchemas.assertValid("alert", alert.payload());
            assertEquals("red_code", json(alert).get("type").asText());

            int statuses = sub.on(TOPIC + "/status").size();
            send(rig.broker, "status", new Command.Status());
            Received result = sub.await(TOPIC + "/cmd/status/result", 1, DEADLINE).get(0);
            PayloadSchemas.assertValid("command-result", result.payload());
            assertTrue(json(result).get("accepted").asBoolean(), result.text());
            sub.await(TOPIC + "/status", statuses + 1, DEADLINE);

            long lastSeq = rig.allRows().stream().mapToLong(r -> ((Number) r.get("seq")).longValue()).max().orElseThrow();
            send(rig.broker, "replay", new Command.Replay(1, lastSeq));
            assertTrue(json(sub.await(TOPIC + "/cmd/replay/result", 1, DEADLINE).get(0)).get("accepted").asBoolean());
            List<Received> replayed = sub.await(TOPIC + "/replay", (int) lastSeq, DEADLINE);
            replayed.forEach(r -> PayloadSchemas.assertValid("replay", r.payload()));

            rig.stopDaemon();
            Await.until("offline on a clean stop", DEADLINE, () -> latest(sub, "availability").text().equals("offline"));
            System.out.printf("BrokerListenersTest: %d messages through the listener, %d replayed%n",
                    sub.received().size(), replayed.size());
        }
    }

    /**
     * Starts the daemon against {@code listener}, which refuses it; returns the daemon's log once the broker has seen
     * it try twice. The daemon logs a repeated failure once a minute, so the retries are counted in the broker's log.
     */
    private String refusedButDeciding(GateRig rig, MosquittoBroker.Listener listener) throws IOException {
        rig.register(GREEN, HealthStatus.GREEN, "listener-green");
        rig.startDaemon();
        scan(rig.east, GREEN);
        rig.awaitEntries(1);
        Await.until("a failed connect in the daemon's log", DEADLINE, () -> rig.logText().contains("MQTT connect to"));
        String attempt = "New connection from 127.0.0.1:";
        String onListener = " on port " + rig.broker.port(listener) + ".";
        Await.until("two connects from the daemon in the broker's log", DEADLINE, () -> rig.broker.logText().lines()
                .filter(l -> l.contains(attempt) && l.contains(onListener)).count() >= 2);
        scan(rig.exit, RED);
        rig.awaitEntries(2);
        assertTrue(rig.daemonRunning(), "the daemon keeps running");
        assertTrue(rig.allRows().stream().allMatch(r -> ((Number) r.get("published")).intValue() == 0),
                "every event stays in the outbox");
        assertTrue(rig.subscriber.received().stream().noneMatch(r -> r.topic().startsWith(TOPIC)),
                "nothing was published, availability included");
        String log = rig.logText();
        log.lines().filter(l -> l.contains("MQTT connect to")).findFirst()
                .ifPresent(l -> System.out.println("BrokerListenersTest: " + l));
        return log;
    }

    private String keys(String... lines) {
        String commandKey = Base64.getEncoder().encodeToString(county.getPublic().getEncoded());
        return String.join("\n", lines) + "\ncommand_public_key = \"" + commandKey + "\"";
    }

    private Path secret(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, content + "\n");
    }

    /** The county's operator, on the plain listener: the broker carries the command to every listener. */
    private void send(MosquittoBroker broker, String name, Command command) throws Exception {
        try (MqttClient client = new MqttClient(broker.url(), "county-operator", new MemoryPersistence())) {
            client.connect();
            client.publish(TOPIC + "/cmd/" + name, signer.sign(GATE, Duration.ofMinutes(1), command), 1, false);
            client.disconnect();
        }
    }

    private static Received latest(MosquittoSub sub, String suffix) {
        List<Received> on = sub.on(TOPIC + "/" + suffix);
        if (on.isEmpty()) {
            throw new AssertionError("nothing on " + suffix);
        }
        return on.get(on.size() - 1);
    }

    private static JsonNode json(Received r) {
        try {
            return JSON.readTree(r.payload());
        } catch (IOException e) {
            throw new AssertionError("not JSON on " + r.topic() + ": " + r.text(), e);
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
