package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onedoor.terminal.e2e.GateRig.scan;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.status.HealthStatus;

/**
 * Codes carrying a canary go through every path — granted, refused, unknown, unrecognised, noise,
 * oversize, service failing — and the canary must appear in no message, no file and no log line.
 */
class CanaryEndToEndTest {
    private static final String CANARY = "QX7CANARY9Z";

    @TempDir
    Path dir;

    @Test
    void scannedTextAndSubjectsNeverLeaveMemory() throws Exception {
        try (GateRig rig = new GateRig(dir, 3000)) {
            String greenUrl = "https://hc.example.gov.cn/c/" + CANARY + "green01";
            String unknownUrl = "https://hc.example.gov.cn/c/" + CANARY + "unknown2";
            String badge = "CB:" + CANARY + "0001";
            rig.register(greenUrl, HealthStatus.GREEN, "subject-" + CANARY);
            rig.register(badge, HealthStatus.RED, "subject2-" + CANARY);
            rig.startDaemon();

            scan(rig.east, greenUrl);                         // granted, subject from the service
            scan(rig.east, unknownUrl);                       // 404: unknown_code
            scan(rig.east, badge);                            // red: refused, alert, subject in the code
            scan(rig.east, "free text " + CANARY);            // unrecognised
            scan(rig.east, (CANARY + "\u00ff").getBytes(StandardCharsets.ISO_8859_1)); // not UTF-8: noise
            scan(rig.east, ("https://hc.example.gov.cn/c/" + CANARY).repeat(100)); // oversize: dropped
            rig.awaitEntries(4);
            rig.service.setFailure(500);
            scan(rig.east, "CB:" + CANARY + "0002");          // service failing, nothing cached
            rig.awaitEntries(5);
            rig.service.setFailure(0);
            rig.service.setGarbage(true);
            scan(rig.exit, "CB:" + CANARY + "0003");          // garbage answer, exit lane
            rig.awaitEntries(6);
            rig.service.setGarbage(false);

            assertEquals(List.of("green", "unknown_code", "red", "unrecognised", "status_unavailable", "exit"),
                    rig.rows("entry").stream().map(r -> r.get("reason")).toList());
            org.onedoor.drivers.testing.Await.until("all published", java.time.Duration.ofSeconds(20),
                    () -> rig.messages("entry").stream().map(m -> m.get("seq").asLong()).distinct().count() == 6);
            rig.stopDaemon();

            for (var m : rig.subscriber.received()) {
                assertFalse(m.text().contains(CANARY), "MQTT payload on " + m.topic());
                assertFalse(m.topic().contains(CANARY), "MQTT topic");
            }
            List<Path> files = new ArrayList<>();
            try (Stream<Path> all = Files.walk(dir)) {
                all.filter(Files::isRegularFile).filter(f -> !f.startsWith(dir.resolve("tmp")))
                        .filter(f -> !f.getFileName().toString().equals("onedoor.toml")).forEach(files::add);
            }
            assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().startsWith("ledger.db")));
            assertTrue(files.contains(rig.log));
            for (Path f : files) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(CANARY), "the canary is in " + dir.relativize(f));
            }
        }
    }
}
