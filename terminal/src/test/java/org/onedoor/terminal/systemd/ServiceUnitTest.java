package org.onedoor.terminal.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.testing.ServiceUnit;

/** The exit statuses the shipped unit gives meaning to, against what the daemon exits with. */
class ServiceUnitTest {
    /**
     * A SIGTERM that lands while the daemon starts meets the JVM's own handler, which exits 128 + 15;
     * without SuccessExitStatus=143 systemd would mark that stop a failure.
     */
    @Test
    void aStopDuringStartIsASuccess() throws IOException {
        ServiceUnit unit = ServiceUnit.shipped();

        assertTrue(unit.successStatuses().contains(143), unit.values("SuccessExitStatus")::toString);
    }

    /** Exit 78 (a broken configuration, GPIO hardware not there) is final: no restart every 5 s. */
    @Test
    void aConfigurationOrHardwareErrorIsNotRestarted() throws IOException {
        ServiceUnit unit = ServiceUnit.shipped();

        assertEquals(List.of("on-failure"), unit.values("Restart"));
        List<String> noRestart = unit.values("RestartPreventExitStatus");
        assertTrue(noRestart.contains("78"), noRestart::toString);
        assertFalse(unit.successStatuses().contains(78), "78 is a failure the unit shows, not a success");
    }
}
