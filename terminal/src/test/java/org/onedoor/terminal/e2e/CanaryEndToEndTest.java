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
import org.onedoor.drivers.testing.IdCardEmulator;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.TestIdNumbers;

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

    /**
     * ID cards whose name and address carry the canary, and whose numbers are canaries themselves, go through
     * every path — granted, red, unknown to the service, service failing, an invalid number, an expired card, a
     * failed read, answers with a bad check — and no name, address or number appears in any message, log line
     * or file (ledger, status cache, GPIO trace), in UTF-8 or in the card's own UCS-2.
     */
    @Test
    void cardTextAndIdNumbersNeverLeaveMemory() throws Exception {
        String name = "李四" + CANARY;
        String address = "湖南省宁乡市" + CANARY + "路8号";
        String green = TestIdNumbers.of("19900307", 123);
        String red = TestIdNumbers.of("19851111", 42);
        String unknown = TestIdNumbers.of("20010101", 7);
        String invalid = TestIdNumbers.withWrongCheck(TestIdNumbers.of("19700101", 555));
        List<String> canaries = List.of(CANARY, name, address, green, red, unknown, invalid, "湖南省宁乡市");
        try (GateRig rig = new GateRig(dir, 0).withIdCardReader(30);
             IdCardEmulator reader = IdCardEmulator.start(rig.idCard, 115200)) {
            rig.service.registerIdNumber(green, HealthStatus.GREEN, java.time.Duration.ofHours(1));
            rig.service.registerIdNumber(red, HealthStatus.RED, java.time.Duration.ofHours(1));
            rig.startDaemon();

            IdCardEndToEndTest.present(reader, card(name, address, green, "20360307")); // granted
            IdCardEndToEndTest.present(reader, card(name, address, red, "20360307"));   // red: refused, alert
            IdCardEndToEndTest.present(reader, card(name, address, unknown, "长期"));   // 404: unknown_code
            IdCardEndToEndTest.present(reader, card(name, address, invalid, "20360307")); // invalid_id
            IdCardEndToEndTest.present(reader, card(name, address, green, "20200101")); // expired
            reader.behave(IdCardEmulator.Behaviour.READ_FAILS);
            reader.placeFor(card(name, address, green, "20360307"), 3);
            org.onedoor.drivers.testing.Await.until("three failed reads", java.time.Duration.ofSeconds(10),
                    () -> !reader.cardPresent());
            reader.behave(IdCardEmulator.Behaviour.BAD_CHECK);
            reader.placeFor(card(name, address, green, "20360307"), 3);
            org.onedoor.drivers.testing.Await.until("bad checks", java.time.Duration.ofSeconds(10),
                    () -> !reader.cardPresent());
            reader.behave(IdCardEmulator.Behaviour.ANSWER);
            rig.service.setFailure(500);
            IdCardEndToEndTest.present(reader, card(name, address, unknown, "20360307")); // status_unavailable
            rig.awaitEntries(6);
            assertEquals(List.of("green", "red", "unknown_code", "invalid_id", "green", "status_unavailable"),
                    rig.rows("entry").stream().map(r -> r.get("reason")).toList());
            org.onedoor.drivers.testing.Await.until("all published", java.time.Duration.ofSeconds(20),
                    () -> rig.messages("entry").stream().map(m -> m.get("seq").asLong()).distinct().count() == 6);
            rig.stopDaemon();

            for (var m : rig.subscriber.received()) {
                for (String canary : canaries) {
                    assertFalse(m.text().contains(canary), "MQTT payload on " + m.topic());
                    assertFalse(m.topic().contains(canary), "MQTT topic");
                }
            }
            List<Path> files = new ArrayList<>();
            try (Stream<Path> all = Files.walk(dir)) {
                all.filter(Files::isRegularFile).filter(f -> !f.startsWith(dir.resolve("tmp")))
                        .filter(f -> !f.getFileName().toString().equals("onedoor.toml")).forEach(files::add);
            }
            assertTrue(files.contains(rig.trace));
            assertTrue(files.contains(rig.log));
            for (Path f : files) {
                byte[] bytes = Files.readAllBytes(f);
                for (String canary : canaries) {
                    assertFalse(contains(bytes, canary.getBytes(StandardCharsets.UTF_8)),
                            "a card's text is in " + dir.relativize(f));
                    assertFalse(contains(bytes, canary.getBytes(StandardCharsets.UTF_16LE)),
                            "a card's text (UCS-2) is in " + dir.relativize(f));
                }
            }
        }
    }

    private static IdCardEmulator.Card card(String name, String address, String idNumber, String validTo) {
        return new IdCardEmulator.Card(name, "1", "01", idNumber.substring(6, 14), address, idNumber,
                CANARY + "公安局", "20200101", validTo);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
