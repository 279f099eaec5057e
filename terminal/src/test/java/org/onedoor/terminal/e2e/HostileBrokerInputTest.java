package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onedoor.terminal.e2e.GateRig.TOPIC;
import static org.onedoor.terminal.e2e.GateRig.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.command.Command;
import org.onedoor.terminal.command.CommandSigner;
import org.onedoor.terminal.command.Target;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.risklist.Kind;
import org.onedoor.terminal.risklist.RiskListSigner;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.PayloadSchemas;

/**
 * What anyone allowed to publish on the county's broker can send the real daemon: a flood of junk commands, a
 * message of 64 MB (retained, so it comes back at every connect). The gate keeps deciding and recording, no
 * risk-list delta is lost, and the answer to a genuine command still arrives.
 */
class HostileBrokerInputTest {
    private static final Duration DEADLINE = Duration.ofSeconds(40);
    private static final String COUNTY = "430124";
    private static final String LISTED = "430124199001011234";
    private static final String BADGE = "CB:" + LISTED;
    private static final Target SELF = new Target(COUNTY, "e2e-venue", "t-e2e");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final KeyPair commandKey = ed25519();
    private final KeyPair riskSigning = SigningKeys.generate();
    private final byte[] master = new SecureRandom().generateSeed(32);
    private final RiskListSigner riskSigner = new RiskListSigner(riskSigning.getPrivate(), COUNTY, 1);

    @Test
    void aFloodOfJunkCommandsNeverCostsARiskListDelta() throws Exception {
        int flood = 30_000;
        try (GateRig rig = rig()) {
            rig.register(BADGE, HealthStatus.GREEN, LISTED);
            Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
            publish(rig, Kind.SNAPSHOT.topic("onedoor/v1", COUNTY), riskSigner.snapshot(1, t0, new TreeMap<>()), true);
            long mark = rig.logMark();
            rig.startDaemon();
            Await.until("the retained snapshot applied", DEADLINE, () -> rig.logSince(mark).contains("risk list snapshot"));

            // Forged signatures (each would cost a verification) and unsigned commands, in turns.
            byte[] forged = new CommandSigner(ed25519().getPrivate(), Clock.systemUTC())
                    .sign(SELF, Duration.ofMinutes(5), new Command.Status());
            Process sender = floodOf(rig, "cmd/status", flood, forged, "{\"request_id\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            Await.until("the flood under way", DEADLINE, () -> rig.broker.logText().contains("flood-sender"));
            TreeMap<String, HealthStatus> red = new TreeMap<>();
            red.put(riskKey().pseudonym(LISTED), HealthStatus.RED);
            long sentNanos = System.nanoTime();
            publish(rig, Kind.DELTA.topic("onedoor/v1", COUNTY), riskSigner.delta(1, 2, t0.plusSeconds(30), red,
                    new TreeSet<>()), false);
            Pattern applied = Pattern.compile("risk list delta of \\d+ bytes: applied");
            Await.until("the delta applied", DEADLINE, () -> applied.matcher(rig.logSince(mark)).find()
                    || rig.logSince(mark).contains("risk list delta of"));
            long appliedMs = (System.nanoTime() - sentNanos) / 1_000_000;
            assertTrue(applied.matcher(rig.logSince(mark)).find(), "applied, not gapped or refused");
            assertTrue(sender.waitFor(60, TimeUnit.SECONDS), "the flood was sent");

            int rises = relayRises(rig);
            scan(rig.east, BADGE);
            rig.awaitEntries(1);
            Map<String, Object> entry = rig.rows("entry").get(0);
            assertEquals(List.of("refused", "red", "risklist"), List.of(entry.get("result"), entry.get("reason"),
                    entry.get("source")), "listed by the delta that came in the flood");
            assertEquals(rises, relayRises(rig), "the relay did not pulse");
            assertTrue(rig.rows("alert").stream().noneMatch(a -> "risklist_gap".equals(a.get("alert_type"))),
                    "nothing was lost, so no gap");
            rig.stopDaemon();
            long shed = shedCount(rig.logSince(mark));
            List<JsonNode> answers = rig.messages("cmd/status/result");
            assertTrue(answers.stream().allMatch(r -> r.get("reason").asText().equals("bad_signature")),
                    "the unsigned get no answer; only a forged signature that was checked is answered");
            assertTrue(answers.size() <= flood - shed, answers.size() + " answers for " + (flood - shed) + " checked");
            System.out.printf("HostileBrokerInputTest: flood of %d junk commands (half forged, half unsigned):"
                    + " %d shed before any signature check, %d verified; the delta applied %d ms after it was"
                    + " published; %d forged answered bad_signature%n", flood, shed, flood - shed, appliedMs, answers.size());
        }
    }

    @Test
    void aSixtyFourMegabyteMessageChangesNothing() throws Exception {
        byte[] huge = new byte[64 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) '{');
        try (GateRig rig = rig()) {
            rig.subscriber.close(); // the test's own subscriber need not receive 64 MB
            rig.register("CB:GREEN0001", HealthStatus.GREEN, "green-0001");
            publish(rig, Kind.SNAPSHOT.topic("onedoor/v1", COUNTY), riskSigner.snapshot(1,
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60), new TreeMap<>()), true);
            publish(rig, TOPIC + "/cmd/x", huge, true);
            long mark = rig.logMark();
            rig.startDaemon();
            Await.until("the retained message discarded", DEADLINE,
                    () -> rig.logSince(mark).contains("MQTT message of " + huge.length + " bytes on " + TOPIC + "/cmd/x discarded"));
            publish(rig, TOPIC + "/cmd/open", huge, false);
            publish(rig, Kind.DELTA.topic("onedoor/v1", COUNTY), huge, false);
            Await.until("the risk list gapped by the lost delta", DEADLINE,
                    () -> rig.rows("alert").stream().anyMatch(a -> "risklist_gap".equals(a.get("alert_type"))));
            scan(rig.east, "CB:GREEN0001");
            rig.awaitEntries(1);
            assertEquals("granted", rig.rows("entry").get(0).get("result"), rig.rows("entry").toString());
            assertTrue(rig.daemonRunning(), "alive");
            String heap = heapUsed(rig.pid());
            assertTrue(rig.rows("alert").stream().anyMatch(a -> "mqtt_oversize".equals(a.get("alert_type"))),
                    "an mqtt_oversize alert");

            rig.stopDaemon();
            long again = rig.logMark();
            rig.startDaemon(); // the retained message comes back at every connect
            Await.until("discarded again after a restart", DEADLINE,
                    () -> rig.logSince(again).contains("MQTT message of " + huge.length + " bytes"));
            scan(rig.east, "CB:GREEN0001");
            rig.awaitEntries(2);
            assertTrue(rig.daemonRunning(), "alive after a restart with the retained message waiting");
            assertTrue(rig.logSince(mark).lines().noneMatch(l -> l.contains("OutOfMemoryError")), rig.logSince(mark));
            System.out.printf("HostileBrokerInputTest: three messages of 64 MB (one retained, through a restart):"
                    + " daemon alive, 2 entries recorded; heap after: %s%n", heap);
        }
    }

    @Test
    void theResultOfASignedOpenArrivesUnderAFlood() throws Exception {
        int flood = 20_000;
        try (GateRig rig = rig()) {
            long mark = rig.logMark();
            rig.startDaemon();
            Await.until("connected", DEADLINE, () -> rig.subscriber.received().stream()
                    .anyMatch(r -> r.topic().equals(TOPIC + "/availability") && r.text().equals("online")));
            Process sender = floodOf(rig, "cmd/status", flood, "{}".getBytes(StandardCharsets.UTF_8),
                    "not json".getBytes(StandardCharsets.UTF_8));
            Await.until("the flood under way", DEADLINE, () -> rig.broker.logText().contains("flood-sender"));
            int rises = relayRises(rig);
            byte[] open = new CommandSigner(commandKey.getPrivate(), Clock.systemUTC())
                    .sign(SELF, Duration.ofMinutes(1), new Command.Open("east", "送货车辆"));
            publish(rig, TOPIC + "/cmd/open", open, false);
            Await.until("the open's result", DEADLINE, () -> !rig.messages("cmd/open/result").isEmpty());
            assertTrue(sender.waitFor(60, TimeUnit.SECONDS), "the flood was sent");

            JsonNode result = rig.messages("cmd/open/result").get(0);
            byte[] raw = rig.subscriber.received().stream().filter(r -> r.topic().equals(TOPIC + "/cmd/open/result"))
                    .findFirst().orElseThrow().payload();
            PayloadSchemas.assertValid("command-result", raw);
            assertTrue(result.get("accepted").asBoolean(), result.toString());
            Map<String, Object> entry = rig.rows("entry").get(0);
            assertEquals("east", result.get("detail").get("lane").asText());
            assertEquals(((Number) entry.get("seq")).longValue(), result.get("detail").get("seq").asLong());
            assertEquals("remote", entry.get("source"));
            assertEquals("送货车辆", JSON.readTree((String) entry.get("detail")).get("note").asText(),
                    "the operator's reason is recorded");
            Await.until("the relay pulsed", DEADLINE, () -> relayRises(rig) > rises);
            JsonNode published = rig.messages("entry").get(0);
            PayloadSchemas.assertValid("entry", JSON.writeValueAsBytes(published));
            assertTrue(rig.messages("cmd/status/result").isEmpty(), "no answer for junk");
            rig.stopDaemon();
            System.out.printf("HostileBrokerInputTest: %d junk commands, %d shed unanswered; the open's result"
                    + " arrived, seq %d%n", flood, shedCount(rig.logSince(mark)), result.get("detail").get("seq").asLong());
        }
    }

    private GateRig rig() throws Exception {
        GateRig rig = new GateRig(Files.createDirectories(dir.resolve("gate")), 3000);
        Path riskKeyFile = rig.dir.resolve("risklist.key");
        SecretFiles.writeNewKey(riskKeyFile, KeyDerivation.riskListKey(master, COUNTY, 1));
        rig.mqttKeys("url = \"" + rig.broker.url() + "\"\ncommand_public_key = \""
                + Base64.getEncoder().encodeToString(commandKey.getPublic().getEncoded()) + "\"\n\n[risklist]\n"
                + "public_key = \"" + SigningKeys.publicKeyText(riskSigning.getPublic()) + "\"\n"
                + "key_file = \"risklist.key\"\n");
        return rig.clockSynchronised();
    }

    private Pseudonymizer riskKey() {
        return new Pseudonymizer(KeyDerivation.riskListKey(master, COUNTY, 1));
    }

    /** {@code count} messages on the terminal's {@code suffix}, {@code a} and {@code b} in turns, at QoS 1, by mosquitto_pub. */
    private Process floodOf(GateRig rig, String suffix, int count, byte[] a, byte[] b) throws IOException {
        Path lines = dir.resolve("flood-" + suffix.replace('/', '-') + ".txt");
        StringBuilder text = new StringBuilder();
        String first = new String(a, StandardCharsets.UTF_8);
        String second = new String(b, StandardCharsets.UTF_8);
        for (int i = 0; i < count; i++) {
            text.append(i % 2 == 0 ? first : second).append('\n');
        }
        Files.writeString(lines, text);
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
                String.valueOf(rig.broker.port()), "-i", "flood-sender", "-q", "1", "-t", TOPIC + "/" + suffix, "-l"));
        return new ProcessBuilder(command).redirectInput(lines.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("flood.log").toFile()).start();
    }

    private static void publish(GateRig rig, String topic, byte[] payload, boolean retained) throws Exception {
        try (MqttClient county = new MqttClient(rig.broker.url(), "county-" + System.nanoTime(), new MemoryPersistence())) {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setConnectionTimeout(30);
            county.setTimeToWait(60_000);
            county.connect(options);
            county.publish(topic, payload, 1, retained);
            county.disconnect();
        }
    }

    private static int relayRises(GateRig rig) {
        try {
            return (int) rig.trace().stream().filter(e -> e.pin() == GateRig.EAST_RELAY && e.state() == 1).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The count the daemon's publisher logs when it stops. */
    private static long shedCount(String log) {
        Matcher m = Pattern.compile("MQTT publisher stopped \\((\\d+) inbound message\\(s\\) shed").matcher(log);
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        return last;
    }

    private static String heapUsed(long pid) throws Exception {
        Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(20, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("total (\\d+K), used (\\d+K)").matcher(out);
        return m.find() ? m.group(2) + " of " + m.group(1) + " (-Xmx64m)" : "unknown (" + out.strip() + ")";
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
