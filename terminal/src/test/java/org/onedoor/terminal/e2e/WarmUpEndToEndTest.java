package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.status.CircuitBreakingVerifyClient;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.status.StatusCache;

/**
 * The warm-up before READY: it runs, asks the service only the breaker's probe, and leaves nothing a
 * later scan could meet — no ledger row or seq, no relay or lamp edge, no MQTT entry or alert, no status-cache
 * entry — and a service that hangs at start holds READY back by no more than the scan budget.
 */
class WarmUpEndToEndTest {
    private static final String BADGE = "CB:PERSON00000001";
    /** Every output of both lanes but the amber lamps, which show the scanners' state. */
    private static final Set<Integer> DECISION_PINS = Set.of(GateRig.EAST_RELAY, GateRig.EAST_GREEN, GateRig.EAST_RED,
            24, GateRig.EXIT_RELAY, 6, 13);

    @TempDir
    Path dir;
    private GateRig rig;

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void theWarmUpLeavesNothingAFirstScanCouldMeet() throws Exception {
        rig = new GateRig(dir, 0);
        rig.register(BADGE, HealthStatus.GREEN, "subject-of-the-badge");
        rig.startDaemon();
        String log = rig.logText();
        assertTrue(log.contains("warm-up: "), "the warm-up's line in the log:\n" + log);
        assertTrue(log.indexOf("warm-up: ") < log.indexOf("lane east: scanner up"), "before the scanners start");
        Await.until("the probe at the service", Duration.ofSeconds(10),
                () -> rig.service.requestCount(CircuitBreakingVerifyClient.PROBE_CODE) >= 1);
        assertEquals(rig.service.requestCount(CircuitBreakingVerifyClient.PROBE_CODE), rig.service.requestCount(),
                "the service is asked the probe and nothing else");
        // The heartbeat's state is published at connect: by then an outbox row would have been sent too.
        Await.until("the terminal's state on MQTT", Duration.ofSeconds(20), () -> !rig.messages("status").isEmpty());

        assertEquals(List.of(), rig.rows("entry"), "no entry in the ledger");
        List<Map<String, Object>> before = rig.allRows();
        long lastSeq = before.isEmpty() ? 0 : ((Number) before.get(before.size() - 1).get("seq")).longValue();
        assertEquals(lastSeq, sequence(), "no seq taken by the rolled-back row");
        assertTrue(rig.trace().stream().noneMatch(e -> e.active() && DECISION_PINS.contains(e.pin())),
                "no relay, green, red or buzzer edge: " + rig.trace());
        assertEquals(List.of(), rig.messages("entry"), "no entry on MQTT");
        assertEquals(0, statusCacheEntries(), "no status-cache entry");

        GateRig.scan(rig.east, BADGE);
        rig.awaitEntries(1);
        Map<String, Object> first = rig.rows("entry").get(0);
        assertEquals("granted", first.get("result"));
        assertEquals("online", first.get("source"), "asked the service: no cached colour came from the warm-up");
        assertEquals(lastSeq + 1, ((Number) first.get("seq")).longValue(), "the first scan takes the next seq");
        Await.until("the grant's pulse", Duration.ofSeconds(10), this::relayPulsed);
    }

    @Test
    void aServiceHangingAtStartHoldsReadyBackByNoMoreThanTheBudget() throws Exception {
        rig = new GateRig(dir, 0);
        rig.register(BADGE, HealthStatus.GREEN, "subject-of-the-badge");
        rig.service.hang(true);
        long started = System.nanoTime();
        rig.startDaemon();
        long upMs = (System.nanoTime() - started) / 1_000_000;
        String log = rig.logText();
        assertTrue(log.contains("health service: no answer within the 1500 ms budget"), log);
        System.out.printf("WarmUpEndToEndTest: service hanging at start: scanners up %d ms after launch%n", upMs);

        rig.service.hang(false);
        Await.until("the probe's late answer in the log", Duration.ofSeconds(20),
                () -> rig.logText().contains("warm-up: health service after READY: answered"));
        GateRig.scan(rig.east, BADGE);
        rig.awaitEntries(1);
        assertEquals("granted", rig.rows("entry").get(0).get("result"),
                "a probe left hanging changes nothing for the scans after it");
    }

    private boolean relayPulsed() {
        try {
            return rig.trace().stream().anyMatch(e -> e.pin() == GateRig.EAST_RELAY && e.active());
        } catch (java.io.IOException e) {
            return false; // being written: asked again
        }
    }

    private long sequence() throws SQLException {
        try (var c = DriverManager.getConnection("jdbc:sqlite:file:" + rig.dataDir.resolve("ledger.db") + "?mode=ro");
             var q = c.createStatement();
             var rs = q.executeQuery("SELECT max(coalesce((SELECT max(seq) FROM events), 0), coalesce((SELECT"
                     + " CAST(value AS INTEGER) FROM meta WHERE key = 'seq_floor'), 0))")) {
            return rs.getLong(1);
        }
    }

    private long statusCacheEntries() throws SQLException {
        try (var c = DriverManager.getConnection("jdbc:sqlite:file:" + rig.dataDir.resolve(StatusCache.FILE_NAME)
                + "?mode=ro"); var q = c.createStatement();
             var rs = q.executeQuery("SELECT count(*) FROM status_cache")) {
            return rs.getLong(1);
        }
    }
}
