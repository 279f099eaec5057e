package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.risklist.Kind;
import org.onedoor.terminal.risklist.RiskListSigner;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.DaemonProcess;

/**
 * Junk on the county's risk-list topics, which anyone the broker lets publish there can send: 4,000 one-byte
 * messages at the real daemon process with {@code [ledger] max_size_mb = 2}. The refusals are coalesced into a
 * row or two, and the green badge scanned afterwards is recorded and let through.
 */
class RiskListJunkFloodTest {
    private static final String COUNTY = "430124";
    private static final int JUNK_MESSAGES = 4_000;
    private static final String GREEN_BADGE = "CB:AFTERFLOOD01";

    @TempDir
    Path dir;

    @Test
    void aJunkFloodCostsAFewRowsAndTheNextGreenIsRecorded() throws Exception {
        byte[] master = new SecureRandom().generateSeed(32);
        KeyPair signing = SigningKeys.generate();
        Path riskKey = dir.resolve("risklist.key");
        SecretFiles.writeNewKey(riskKey, KeyDerivation.riskListKey(master, COUNTY, 1));
        try (GateRig rig = new GateRig(dir, 0)) {
            rig.extraToml("""
                    [ledger]
                    max_size_mb = 2

                    [risklist]
                    public_key = "%s"
                    key_file = "%s"
                    """.formatted(SigningKeys.publicKeyText(signing.getPublic()), riskKey));
            rig.register(GREEN_BADGE, HealthStatus.GREEN, "AFTERFLOOD01");
            rig.startDaemon();
            long before = rig.allRows().size();
            long mark = rig.logMark();

            try (MqttClient stranger = new MqttClient(rig.broker.url(), "stranger", new MemoryPersistence())) {
                MqttConnectOptions options = new MqttConnectOptions();
                options.setMaxInflight(JUNK_MESSAGES + 1);
                stranger.connect(options);
                for (int i = 0; i < JUNK_MESSAGES; i++) {
                    Kind kind = i % 2 == 0 ? Kind.SNAPSHOT : Kind.DELTA;
                    stranger.publish(kind.topic("onedoor/v1", COUNTY), new byte[] {(byte) i}, 1, false);
                }
                // Messages are handled in order: once a genuine snapshot after the junk took effect, the junk is done.
                byte[] genuine = new RiskListSigner(signing.getPrivate(), COUNTY, 1)
                        .snapshot(1, Instant.now().truncatedTo(ChronoUnit.SECONDS), new TreeMap<>());
                stranger.publish(Kind.SNAPSHOT.topic("onedoor/v1", COUNTY), genuine, 1, false);
                stranger.disconnect();
            }
            DaemonProcess.awaitLog(rig.log, mark, Duration.ofSeconds(60), "risk list snapshot of", "bytes: applied");
            List<Map<String, Object>> flood = rig.allRows().subList((int) before, rig.allRows().size());
            System.out.printf("RiskListJunkFloodTest: %d one-byte risk-list messages wrote %d ledger rows %s%n",
                    JUNK_MESSAGES, flood.size(), flood.stream().collect(Collectors.groupingBy(r -> String.valueOf(r.get("alert_type")),
                            TreeMap::new, Collectors.counting())));
            assertTrue(flood.size() <= 4, "a junk flood writes at most one row per alert type: " + flood.size());

            // The first online check of a fresh JVM on a busy machine may overrun its budget and refuse: scan again.
            Map<String, Object> entry = Map.of();
            for (int attempt = 0; attempt < 3 && !"granted".equals(entry.get("result")); attempt++) {
                int entries = rig.rows("entry").size();
                GateRig.scan(rig.east, GREEN_BADGE);
                rig.awaitEntries(entries + 1);
                entry = rig.rows("entry").get(entries);
            }
            assertEquals("granted", entry.get("result"), entry.toString());
            assertEquals("green", entry.get("status"));
        }
    }
}
