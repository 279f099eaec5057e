package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.systemd.NotifySocket;

/**
 * SIGHUP on the real daemon process: a good new configuration applies what can change at once (the
 * mode) and names what needs a restart; a broken one is reported with its line and key while the
 * running configuration keeps deciding; a good one afterwards applies again. What the daemon
 * decided is read from its ledger, what it said from its log.
 */
class ReloadTest {
    private static final String RUNNING_BAUD = "scanner.baud = 115200";

    @TempDir
    Path dir;

    private GateRig rig;
    private Path config;
    private String original;
    private int scans;

    @Test
    void sighupAppliesAGoodConfigurationAndKeepsTheRunningOneOverABrokenOne() throws Exception {
        try (NotifySocket systemd = NotifySocket.atPath(dir); GateRig gate = new GateRig(dir, 0)) {
            rig = gate;
            rig.notifyTo(systemd.address());
            rig.startDaemon();
            // READY=1 comes after the SIGHUP handler is in place; a HUP before it would stop the JVM.
            Await.until("READY=1", Duration.ofSeconds(30), () -> systemd.messages().contains("READY=1"));
            config = dir.resolve("onedoor.toml");
            original = Files.readString(config);
            assertEquals("strict", scanAndRecord().get("mode"));

            String lockdown = original.replace("data_dir = \"data\"", "data_dir = \"data\"\nmode = \"lockdown\"")
                    .replace(RUNNING_BAUD, "scanner.baud = 9600");
            String said = reloadWith(lockdown);
            assertTrue(said.contains("reload: applied [terminal.mode]; needing a restart: [lane]"), said);
            Map<String, Object> entry = scanAndRecord();
            assertEquals("lockdown", entry.get("mode"));
            assertEquals("refused", entry.get("result"));

            String syntaxError = lockdown.replace("[mqtt]", "[mqtt");
            said = reloadWith(syntaxError);
            assertTrue(said.contains("reload refused, the running configuration stays: onedoor.toml:"
                    + lineOf(syntaxError, "[mqtt") + ": syntax error"), said);
            assertStillDecidingIn("lockdown");

            String badValue = original.replace("relay.pulse_ms = " + GateRig.PULSE_MS, "relay.pulse_ms = 99999");
            said = reloadWith(badValue);
            assertTrue(said.contains("onedoor.toml:" + lineOf(badValue, "relay.pulse_ms = 99999") + ": "), said);
            assertTrue(said.contains("relay.pulse_ms"), "the key is named: " + said);
            assertFalse(said.contains("reload: applied"), said);
            assertStillDecidingIn("lockdown");

            said = reloadWith(original);
            assertTrue(said.contains("reload: applied [terminal.mode]; needing a restart: []"),
                    "the running baud rate never changed, so nothing needs a restart: " + said);
            entry = scanAndRecord();
            assertEquals("strict", entry.get("mode"));
            assertEquals("granted", entry.get("result"));

            long mark = rig.logMark();
            for (int i = 0; i < 5; i++) {
                hangUp();
            }
            // Signals sent faster than they are handled may merge; at least one reload must report.
            Await.until("a reload report after the burst", Duration.ofSeconds(20),
                    () -> rig.logSince(mark).contains("reload: applied []; needing a restart: []"));
            assertStillDecidingIn("strict");
            assertTrue(rig.daemonRunning(), "no SIGHUP ended the daemon");
            System.out.printf("reload: %d scans decided across 9 SIGHUPs, one daemon process%n", scans);
        }
    }

    /** Writes the file, sends SIGHUP and returns what the daemon logged about it. */
    private String reloadWith(String text) throws IOException, InterruptedException {
        Files.writeString(config, text);
        long mark = rig.logMark();
        hangUp();
        Await.until("the reload reported", Duration.ofSeconds(20), () -> {
            String since = rig.logSince(mark);
            return since.contains("reload: applied") || since.contains("reload refused");
        });
        assertTrue(rig.daemonRunning(), "the daemon survives a reload");
        return rig.logSince(mark);
    }

    private void hangUp() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(rig.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -HUP " + rig.pid() + " failed");
        }
    }

    private void assertStillDecidingIn(String mode) throws IOException {
        assertTrue(rig.daemonRunning(), "the daemon is still running");
        assertEquals(mode, scanAndRecord().get("mode"), "the running configuration's mode decides");
    }

    /** Scans a new green badge on the east lane and returns its ledger row. */
    private Map<String, Object> scanAndRecord() throws IOException {
        String badge = "CB:RELOAD%07d".formatted(++scans);
        rig.register(badge, HealthStatus.GREEN, "unused");
        GateRig.scan(rig.east, badge);
        rig.awaitEntries(scans);
        List<Map<String, Object>> entries = rig.rows("entry");
        return entries.get(entries.size() - 1);
    }

    private static int lineOf(String text, String fragment) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i + 1;
            }
        }
        throw new AssertionError(fragment + " not in the configuration");
    }
}
