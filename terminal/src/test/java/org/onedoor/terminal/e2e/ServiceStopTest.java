package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.systemd.NotifySocket;
import org.onedoor.terminal.testing.ServiceUnit;

/**
 * {@code systemctl stop} as the real daemon meets it: SIGTERM. The unit must count the exit as a
 * success, or every stop leaves the service "failed" and a restart after a clean stop looks like a crash.
 */
class ServiceStopTest {
    @TempDir
    Path dir;

    @Test
    void aRunningDaemonStoppedBySigtermExitsZeroAfterItsShutdown() throws Exception {
        try (GateRig rig = new GateRig(dir, 0)) {
            rig.startDaemon();
            long mark = rig.logMark();

            int status = rig.terminateDaemon();

            String said = rig.logSince(mark);
            assertEquals(0, status, said);
            assertTrue(ServiceUnit.shipped().successStatuses().contains(status), "the unit accepts " + status);
            assertTrue(said.contains("stopping"), "the shutdown ran: " + said);
        }
    }

    /**
     * systemd may stop the service the moment it said READY=1: the stop must find the shutdown in place
     * (outputs safe, ledger closed), not a JVM already exiting while the daemon still registers it.
     */
    @Test
    void aSigtermAtOnceAfterReadyRunsTheShutdown() throws Exception {
        try (NotifySocket systemd = NotifySocket.atPath(dir); GateRig rig = new GateRig(dir, 0)) {
            rig.notifyTo(systemd.address());
            long mark = rig.logMark();
            Process daemon = rig.launch(rig.writeConfig());
            Await.until("READY=1", Duration.ofSeconds(30), () -> systemd.messages().contains("READY=1"));
            daemon.destroy();
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "stopped");

            String said = rig.logSince(mark);
            assertEquals(0, daemon.exitValue(), said);
            assertTrue(said.contains("stopping"), "the shutdown ran: " + said);
            assertFalse(said.contains("Shutdown in progress"), said);
        }
    }

    /** Wherever in the start the SIGTERM lands, the status it leaves is one the unit counts as a success. */
    @Test
    void aSigtermDuringTheStartLeavesAStatusTheUnitAccepts() throws Exception {
        try (GateRig rig = new GateRig(dir, 0)) {
            Process daemon = rig.launch(rig.writeConfig());
            daemon.destroy();
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "stopped");

            assertTrue(ServiceUnit.shipped().successStatuses().contains(daemon.exitValue()),
                    "exit " + daemon.exitValue() + ", the unit accepts " + ServiceUnit.shipped().successStatuses());
            System.out.println("ServiceStopTest: a SIGTERM at once after the launch: exit " + daemon.exitValue());
        }
    }
}
