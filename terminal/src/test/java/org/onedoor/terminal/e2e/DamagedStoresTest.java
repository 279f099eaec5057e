package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.systemd.NotifySocket;

/**
 * A card that went bad under the databases: the real daemon process starts on a ledger, a status cache and a
 * command store full of random bytes (or a ledger with bad pages), moves each aside, says {@code READY}, decides
 * a scan, alerts {@code store_damaged}, and keeps what could be read of the old ledger.
 */
class DamagedStoresTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GREEN_BADGE = "CB:DAMAGED0001";
    private static final List<String> FILES = List.of("ledger.db", "status-cache.db", "commands.db");

    @TempDir
    Path dir;

    @Test
    void databasesOfRandomBytesAreMovedAsideAndTheGateDecides() throws Exception {
        try (NotifySocket systemd = NotifySocket.atPath(dir); GateRig rig = new GateRig(dir, 0)) {
            withCommands(rig);
            Files.createDirectories(rig.dataDir);
            Random random = new Random(5);
            for (String file : FILES) {
                byte[] junk = new byte[32 * 1024];
                random.nextBytes(junk);
                Files.write(rig.dataDir.resolve(file), junk);
            }
            rig.notifyTo(systemd.address());
            startAndDecide(rig, systemd);

            Map<String, JsonNode> alerts = damageAlerts(rig);
            assertEquals(Set.of("ledger", "status_cache", "commands"), alerts.keySet());
            assertEquals(0, alerts.get("ledger").get("salvaged").asLong(), "random bytes hold no rows");
            for (JsonNode detail : alerts.values()) {
                assertTrue(detail.get("problem").asText().contains("NOTADB"), detail.toString());
                assertEquals(32 * 1024, Files.size(rig.dataDir.resolve(detail.get("moved_to").asText())),
                        "the damaged file is kept as it was");
            }
        }
    }

    @Test
    void aLedgerWithBadPagesIsSalvagedIntoANewOne() throws Exception {
        try (NotifySocket systemd = NotifySocket.atPath(dir); GateRig rig = new GateRig(dir, 0)) {
            withCommands(rig);
            rig.startDaemon();
            rig.broker.stop(); // what the county has not acknowledged must come through the salvage
            StringBuilder texts = new StringBuilder();
            for (int i = 0; i < 400; i++) {
                texts.append("unknown-text-").append(i).append('\r');
            }
            rig.east.write(texts.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            rig.awaitEntries(400);
            rig.stopDaemon();
            long before = rig.allRows().size();
            long pages = corruptMiddlePages(rig.dataDir.resolve("ledger.db"), 2);
            Random random = new Random(9);
            for (String file : List.of("status-cache.db", "commands.db")) {
                byte[] junk = new byte[16 * 1024];
                random.nextBytes(junk);
                Files.write(rig.dataDir.resolve(file), junk);
            }

            rig.broker.start();
            rig.notifyTo(systemd.address());
            startAndDecide(rig, systemd);

            JsonNode ledger = damageAlerts(rig).get("ledger");
            long salvaged = ledger.get("salvaged").asLong();
            System.out.printf("DamagedStoresTest: %d events in the old ledger, 2 of %d pages overwritten: %d salvaged"
                            + " (%d unpublished), %d unreadable%n", before, pages, salvaged,
                    ledger.get("salvaged_unpublished").asLong(), ledger.get("unreadable").asLong());
            assertTrue(salvaged > before / 2, ledger.toString());
            assertEquals(before, salvaged + ledger.get("unreadable").asLong(), "every old row salvaged or counted");
            assertTrue(ledger.get("salvaged_unpublished").asLong() > 0, ledger.toString());
            long oldRowsNow = rig.allRows().stream().filter(r -> ((Number) r.get("boot")).longValue() == 1).count();
            assertEquals(salvaged, oldRowsNow, "the salvaged rows are in the new ledger");
            Await.until("the broker acknowledged every salvaged row", Duration.ofSeconds(30),
                    () -> rig.allRows().stream().noneMatch(r -> ((Number) r.get("published")).intValue() == 0));
            assertEquals(Set.of("ledger", "status_cache", "commands"), damageAlerts(rig).keySet());
        }
    }

    /** Remote commands configured, so the daemon opens its command store. */
    private static void withCommands(GateRig rig) {
        rig.mqttKeys("url = \"" + rig.broker.url() + "\"\ncommand_public_key = \""
                + SigningKeys.publicKeyText(SigningKeys.generate().getPublic()) + "\"");
    }

    private static void startAndDecide(GateRig rig, NotifySocket systemd) throws Exception {
        rig.register(GREEN_BADGE, HealthStatus.GREEN, "DAMAGED0001");
        rig.startDaemon();
        Await.until("READY=1", Duration.ofSeconds(30), () -> systemd.messages().contains("READY=1"));
        long relayMoves = relayMoves(rig);
        // The first online check of a fresh JVM on a busy machine may overrun its budget and refuse: scan again.
        Map<String, Object> entry = Map.of();
        for (int attempt = 0; attempt < 3 && !"granted".equals(entry.get("result")); attempt++) {
            int entries = rig.rows("entry").size();
            GateRig.scan(rig.east, GREEN_BADGE);
            rig.awaitEntries(entries + 1);
            entry = rig.rows("entry").get(entries);
        }
        assertEquals("granted", entry.get("result"), entry.toString());
        Await.until("the relay pulsed", Duration.ofSeconds(10), () -> relayMoves(rig) >= relayMoves + 2);
        assertTrue(rig.daemonRunning());
    }

    private static long relayMoves(GateRig rig) {
        try {
            return rig.trace().stream().filter(e -> e.pin() == GateRig.EAST_RELAY).count();
        } catch (IOException e) {
            return 0; // the trace is being written
        }
    }

    /** The {@code store_damaged} alerts' details, by store. */
    private static Map<String, JsonNode> damageAlerts(GateRig rig) {
        return rig.rows("alert").stream().filter(r -> "store_damaged".equals(r.get("alert_type")))
                .map(r -> read((String) r.get("detail")))
                .collect(Collectors.toMap(d -> d.get("store").asText(), d -> d, (a, b) -> b));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Overwrites {@code count} pages in the middle of the file with random bytes; returns the file's pages. */
    private static long corruptMiddlePages(Path db, int count) throws IOException {
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)"); // every row in the main file, where the damage goes
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
        long pages = Files.size(db) / 4096;
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            byte[] junk = new byte[4096];
            Random random = new Random(3);
            for (long page = pages / 2; page < pages / 2 + count; page++) {
                random.nextBytes(junk);
                file.seek(page * 4096);
                file.write(junk);
            }
        }
        return pages;
    }
}
