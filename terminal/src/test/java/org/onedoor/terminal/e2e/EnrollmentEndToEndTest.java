package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.PtyPair;
import org.onedoor.terminal.cli.CliRun;
import org.onedoor.terminal.enrollment.DeviceKeys;
import org.onedoor.terminal.enrollment.EnrollmentAnswer;
import org.onedoor.terminal.enrollment.EnrollmentMessages;
import org.onedoor.terminal.enrollment.EntranceCode;
import org.onedoor.terminal.enrollment.VenueRecord;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.DaemonProcess;
import org.onedoor.terminal.testing.MqttTestSubscriber;

/**
 * 申领 → 审核 → 一门一码, through a real Mosquitto with the real daemon: the terminal enrolls, the county lists and
 * approves it, the restarted terminal runs under its approved identity and prints posters whose QR codes decode to
 * the approved codes; forged answers are refused; an entrance added later is approved and in the register.
 */
class EnrollmentEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GREEN = "https://hc.example.gov.cn/c/GreenGreenGreen0001";
    private static final String ENROLL = "onedoor/v1/430124/enroll/t-e2e/";

    @TempDir
    Path dir;

    @Test
    void aTerminalEnrollsIsApprovedAndPrintsItsApprovedCodes() throws Exception {
        Path keys = dir.resolve("county");
        assertEquals(0, CliRun.run("county", "keygen", "--out", keys.toString()).exit());
        String countyPub = Files.readString(keys.resolve("enrollment.pub")).strip();
        try (GateRig rig = new GateRig(Files.createDirectories(dir.resolve("gate")), 0);
             PtyPair south = PtyPair.open(Files.createDirectories(dir.resolve("pty-south")))) {
            Path deviceKey = rig.dir.resolve("device.key");
            assertEquals(0, CliRun.run("keygen", "--device", deviceKey.toString()).exit());
            rig.extraToml(venue(countyPub, ""));
            rig.register(GREEN, HealthStatus.GREEN, "person-green");
            rig.startDaemon();

            // Before approval the gate decides as configured, and says it is not enrolled.
            JsonNode beat = awaitJson(rig.subscriber, "onedoor/v1/430124/e2e-venue/t-e2e/status",
                    n -> n.has("enrolled"));
            assertFalse(beat.get("enrolled").asBoolean());
            assertEquals("pending", beat.path("enrollment").path("state").asText());
            GateRig.scan(rig.east, GREEN);
            JsonNode entry = awaitJson(rig.subscriber, "onedoor/v1/430124/e2e-venue/t-e2e/entry", n -> true);
            assertEquals("东门", entry.get("entrance").asText(), entry.toString());
            assertFalse(entry.get("enrolled").asBoolean());

            Path config = rig.dir.resolve("onedoor.toml");
            var enrolled = CliRun.run("enroll", "--config", config.toString());
            assertEquals(0, enrolled.exit(), enrolled.err());
            assertEquals(0, CliRun.run("enroll", "--config", config.toString()).exit(), "idempotent");
            byte[] request = awaitRetained(rig.broker.url(), ENROLL + "request");
            assertEquals(List.of("东门", "东门出口"), EnrollmentMessages.readRequest(request).entrances());

            var listed = county(rig, "enrollments", "--county-key", keys.resolve("enrollment.pub").toString());
            assertEquals(0, listed.exit(), listed.err());
            assertTrue(listed.out().contains("t-e2e  pending  湘江农贸市场  生活购物场所/市场  430124101001"), listed.out());

            long mark = rig.logMark();
            var approved = county(rig, "approve", "t-e2e", "--key", keys.resolve("enrollment.key").toString(),
                    "--approver", "李辉中");
            assertEquals(0, approved.exit(), approved.err());
            DaemonProcess.awaitLog(rig.log, mark, Duration.ofSeconds(20), "the county approved venue v0001");
            EnrollmentAnswer approval = EnrollmentMessages.readAnswer(awaitRetained(rig.broker.url(), ENROLL
                    + "approval"), SigningKeys.publicKeyFromText(countyPub));

            // Restarted, it is the approved venue: its topics, its identity, its codes.
            rig.stopDaemon();
            rig.startDaemon();
            JsonNode identity = awaitJson(rig.subscriber, "onedoor/v1/430124/v0001/t-e2e/identity",
                    n -> n.path("enrolled").asBoolean());
            assertEquals(approval.entrances().get(0).code(), identity.path("entrances").get(0).path("code").asText());
            assertEquals(DeviceKeys.fingerprint(Files.readString(rig.dir.resolve("device.pub")).strip()),
                    identity.get("device_key_sha256").asText());
            assertEquals("东门出口", identity.path("lanes").get(1).path("entrance").asText());
            assertTrue(awaitJson(rig.subscriber, "onedoor/v1/430124/v0001/t-e2e/status",
                    n -> n.has("enrolled")).get("enrolled").asBoolean());

            Path posters = dir.resolve("posters");
            assertEquals(0, CliRun.run("poster", "--config", config.toString(), "--out", posters.toString()).exit());
            List<String> decoded = new ArrayList<>();
            for (int i = 1; i <= approval.entrances().size(); i++) {
                decoded.add(decode(ImageIO.read(posters.resolve("poster-" + i + ".png").toFile())));
            }
            assertEquals(approval.entrances().stream().map(EntranceCode::qr).toList(), decoded);
            System.out.println("EnrollmentEndToEndTest approved " + approval.entrances());

            // Forged answers: another key, another terminal, another device key. Each is refused and changes nothing.
            KeyPair forger = SigningKeys.generate();
            String devicePub = Files.readString(rig.dir.resolve("device.pub")).strip();
            String otherDevice = SigningKeys.publicKeyText(SigningKeys.generate().getPublic());
            KeyPair county = DeviceKeys.read(keys.resolve("enrollment.key"));
            mark = rig.logMark();
            publish(rig.broker.url(), ENROLL + "approval", EnrollmentMessages.write(forged(approval, "t-e2e", devicePub),
                    forger.getPrivate()));
            DaemonProcess.awaitLog(rig.log, mark, Duration.ofSeconds(20), "refused: bad signature");
            publish(rig.broker.url(), ENROLL + "approval", EnrollmentMessages.write(forged(approval, "t-other",
                    devicePub), county.getPrivate()));
            DaemonProcess.awaitLog(rig.log, mark, Duration.ofSeconds(20), "refused: it is for another terminal");
            publish(rig.broker.url(), ENROLL + "approval", EnrollmentMessages.write(forged(approval, "t-e2e",
                    otherDevice), county.getPrivate()));
            DaemonProcess.awaitLog(rig.log, mark, Duration.ofSeconds(20), "refused: it binds another device key");
            assertEquals(approval.entrances(), EnrollmentMessages.readAnswer(Files.readAllBytes(rig.dataDir.resolve(
                    "enrollment/approval.json")), county.getPublic()).entrances(), "the stored approval stands");
            publish(rig.broker.url(), ENROLL + "approval", EnrollmentMessages.write(approval, county.getPrivate()));

            // A second entrance, added later: a request for it alone, approved into the same venue.
            rig.stopDaemon();
            rig.extraToml(venue(countyPub, southLane(south)));
            rig.writeConfig();
            var added = CliRun.run("enroll", "--config", config.toString());
            assertEquals(0, added.exit(), added.err());
            assertTrue(added.out().contains("[南门]"), added.out());
            var second = county(rig, "approve", "t-e2e", "--key", keys.resolve("enrollment.key").toString(),
                    "--approver", "李辉中");
            assertEquals(0, second.exit(), second.err());
            assertTrue(second.out().contains("approved t-e2e as venue v0001"), second.out());
            mark = rig.logMark();
            rig.startDaemon();
            DaemonProcess.awaitLog(rig.log, mark, Duration.ofSeconds(20), "enrollment: approved as venue v0001",
                    "the county approved venue v0001 with 3 entrance(s): taken now");
            JsonNode withSouth = awaitJson(rig.subscriber, "onedoor/v1/430124/v0001/t-e2e/identity",
                    n -> n.path("entrances").size() == 3);
            assertEquals("南门", withSouth.path("entrances").get(2).path("name").asText());
            var register = county(rig, "register", "--county-key", keys.resolve("enrollment.pub").toString());
            assertEquals(0, register.exit(), register.err());
            assertTrue(register.out().contains("3  东门、东门出口、南门  v0001  t-e2e  已通过  在线"), register.out());
        }
    }

    private static String venue(String countyKey, String moreLanes) {
        return moreLanes + """

                [venue]
                name = "湘江农贸市场"
                category = "shopping/market"
                division = "430124101001"
                address = "湖南省长沙县星沙街道湘江路1号"
                lat = 28.246
                lon = 113.083
                admin_name = "李敏"
                admin_mobile = "13874260528"

                [enrollment]
                county_key = "%s"
                device_key = "device.key"
                """.formatted(countyKey);
    }

    private static String southLane(PtyPair pty) {
        return """

                [[lane]]
                name = "south"
                entrance = "南门"
                scanner.port = "%s"
                scanner.framing = "cr"
                relay.pin = 20
                """.formatted(pty.devicePath());
    }

    private static EnrollmentAnswer forged(EnrollmentAnswer real, String terminal, String deviceKey) {
        List<EntranceCode> more = new ArrayList<>(real.entrances());
        more.add(new EntranceCode("后门", "ZZZZZZZZ", "onedoor:venue/430124/ZZZZZZZZ"));
        VenueRecord v = real.venue().orElseThrow();
        return new EnrollmentAnswer(EnrollmentAnswer.Decision.APPROVED, real.county(), terminal, deviceKey,
                real.venueId(), Optional.of(v), more, "forger", Instant.now().plusSeconds(5), Optional.empty());
    }

    /** {@code onedoor county …} against the rig's broker, for county 430124. */
    private static CliRun.Result county(GateRig rig, String... args) {
        List<String> all = new ArrayList<>(List.of("county"));
        all.addAll(List.of(args));
        all.addAll(List.of("--broker", rig.broker.url(), "--county", "430124", "--wait", "5"));
        return CliRun.run(all.toArray(String[]::new));
    }

    private static JsonNode awaitJson(MqttTestSubscriber subscriber, String topic,
                                      java.util.function.Predicate<JsonNode> wanted) {
        JsonNode[] found = new JsonNode[1];
        Await.until(topic, Duration.ofSeconds(30), () -> {
            for (var m : subscriber.received()) {
                if (m.topic().equals(topic)) {
                    try {
                        JsonNode n = JSON.readTree(m.payload());
                        if (wanted.test(n)) {
                            found[0] = n;
                            return true;
                        }
                    } catch (java.io.IOException e) {
                        throw new AssertionError(e);
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    private static byte[] awaitRetained(String url, String topic) throws Exception {
        try (MqttTestSubscriber s = MqttTestSubscriber.subscribe(url, topic)) {
            return s.awaitCount(1, Duration.ofSeconds(10)).get(0).payload();
        }
    }

    private static void publish(String url, String topic, byte[] payload) throws Exception {
        try (MqttClient client = new MqttClient(url, "test-forger-" + System.nanoTime(), new MemoryPersistence())) {
            client.connect();
            client.publish(topic, payload, 1, true);
            client.disconnect();
        }
    }

    private static String decode(BufferedImage image) throws Exception {
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    }
}
