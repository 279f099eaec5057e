package org.onedoor.terminal.county.enroll;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.cli.CliRun;
import org.onedoor.terminal.enrollment.EnrollmentMessages;
import org.onedoor.terminal.enrollment.EnrollmentRequest;
import org.onedoor.terminal.enrollment.VenueRecord;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.testing.MosquittoBroker;

/**
 * The register (台账) through a real Mosquitto: 3 terminals of 2 venues, one pending for over a day, one offline for
 * over a day; every flag shows, and the CSV reads back as the table with its Chinese intact.
 */
class RegisterEndToEndTest {
    private static final String ROOT = "onedoor/v1/430124/";
    private static final VenueRecord MARKET = new VenueRecord("湘江农贸市场", "shopping/market", "430124101001",
            "湖南省长沙县星沙街道湘江路1号", new BigDecimal("28.246000"), new BigDecimal("113.083000"), "李敏",
            "13874260528");
    private static final VenueRecord SCHOOL = new VenueRecord("星沙中学", "education_care/school", "430124102003",
            "湖南省长沙县星沙街道学堂路8号", new BigDecimal("28.251000"), new BigDecimal("113.090000"), "王芳",
            "13974260529");

    @TempDir
    Path dir;

    @Test
    void threeTerminalsOfTwoVenuesWithEveryFlag() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY).start()) {
            Path keys = dir.resolve("county");
            assertEquals(0, CliRun.run("county", "keygen", "--out", keys.toString()).exit());
            Instant now = Instant.now();
            request(broker, "t-0001", MARKET, List.of("东门"), now.minus(Duration.ofHours(2)));
            request(broker, "t-0002", MARKET, List.of("南门"), now.minus(Duration.ofHours(2)));
            request(broker, "t-0003", SCHOOL, List.of("校门"), now.minus(Duration.ofHours(25)));
            for (String terminal : List.of("t-0001", "t-0002")) {
                var approved = county(broker, "approve", terminal, "--key", keys.resolve("enrollment.key").toString(),
                        "--approver", "李辉中");
                assertEquals(0, approved.exit(), approved.err());
                assertTrue(approved.out().contains("as venue v0001"), approved.out());
            }
            // t-0001 online at 东门 with unchecked passages today; t-0002 at 南门, silent for 30 h.
            publish(broker, ROOT + "v0001/t-0001/identity", identity("east", "东门"));
            publish(broker, ROOT + "v0001/t-0001/status", status(now, 2, false, 3));
            publish(broker, ROOT + "v0001/t-0001/availability", "online");
            publish(broker, ROOT + "v0001/t-0002/identity", identity("south", "南门"));
            publish(broker, ROOT + "v0001/t-0002/status", status(now.minus(Duration.ofHours(30)), 41, true, 0));
            publish(broker, ROOT + "v0001/t-0002/availability", "offline");

            Path csv = dir.resolve("register.csv");
            var register = county(broker, "register", "--county-key", keys.resolve("enrollment.pub").toString(),
                    "--csv", csv.toString());
            assertEquals(0, register.exit(), register.err());
            String table = register.out();
            System.out.println("RegisterEndToEndTest\n" + table);
            String t1 = line(table, "t-0001");
            String t2 = line(table, "t-0002");
            String t3 = line(table, "t-0003");
            assertTrue(t1.startsWith("1  湘江农贸市场  李敏  13874260528  湖南省长沙县星沙街道湘江路1号  2  东门、南门  v0001  t-0001  "
                    + "已通过  在线"), t1);
            assertTrue(t1.contains("entrance_gap 一门一码缺口: 南门"), t1);
            assertTrue(t1.contains("unchecked_today 今日有未核验通行: 3"), t1);
            assertTrue(t2.contains("离线  30 h  41  是"), t2);
            assertTrue(t2.contains("offline_24h 离线超过24小时"), t2);
            assertTrue(t3.startsWith("2  星沙中学  王芳  13974260529"), t3);
            assertTrue(t3.contains("待审核") && t3.contains("pending_24h 待审核超过24小时"), t3);

            byte[] bytes = Files.readAllBytes(csv);
            assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(bytes, 3));
            List<String> lines = List.of(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n"));
            assertEquals(4, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("\"序号\",\"场所名称\",\"管理员姓名\",\"联系方式\",\"场所地址\",\"入口个数\","
                    + "\"场所入口名称\""), lines.get(0));
            assertEquals(table.lines().skip(1).limit(3).toList(), lines.stream().skip(1).map(RegisterEndToEndTest::cells)
                    .toList(), "the CSV holds the table's cells");
        }
    }

    private static String line(String table, String terminal) {
        return table.lines().filter(l -> l.contains("  " + terminal + "  ")).findFirst()
                .orElseThrow(() -> new AssertionError(terminal + " not in\n" + table));
    }

    /** A CSV line back to the table's spacing: every cell is quoted, none holds a quote here. */
    private static String cells(String csvLine) {
        return String.join("  ", Arrays.stream(csvLine.substring(1, csvLine.length() - 1).split("\",\"", -1))
                .toList());
    }

    private static void request(MosquittoBroker broker, String terminal, VenueRecord venue, List<String> entrances,
                                Instant at) throws Exception {
        KeyPair device = SigningKeys.generate();
        EnrollmentRequest r = new EnrollmentRequest("430124", terminal, Optional.empty(), venue, entrances,
                SigningKeys.publicKeyText(device.getPublic()), at);
        publish(broker, ROOT + "enroll/" + terminal + "/request", EnrollmentMessages.write(r, device.getPrivate()));
    }

    private static CliRun.Result county(MosquittoBroker broker, String... args) {
        String[] all = new String[args.length + 7];
        all[0] = "county";
        System.arraycopy(args, 0, all, 1, args.length);
        System.arraycopy(new String[] {"--broker", broker.url(), "--county", "430124", "--wait", "5"}, 0, all,
                args.length + 1, 6);
        return CliRun.run(all);
    }

    private static byte[] identity(String lane, String entrance) {
        return ("{\"lanes\":[{\"lane\":\"" + lane + "\",\"entrance\":\"" + entrance + "\",\"direction\":\"entry\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] status(Instant ts, int depth, boolean stale, int unchecked) {
        return ("{\"ts\":\"" + ts + "\",\"outbox\":{\"depth\":" + depth + "},\"service\":{\"stale\":" + stale
                + "},\"trust_stale\":false,\"lanes\":[{\"lane\":\"a\",\"unchecked_passages\":" + unchecked
                + "},{\"lane\":\"b\",\"unchecked_passages\":0}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static void publish(MosquittoBroker broker, String topic, String text) throws Exception {
        publish(broker, topic, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void publish(MosquittoBroker broker, String topic, byte[] payload) throws Exception {
        try (MqttClient client = new MqttClient(broker.url(), "test-pub-" + System.nanoTime(), new MemoryPersistence())) {
            client.connect();
            client.publish(topic, payload, 1, true);
            client.disconnect();
        }
    }
}
