package org.onedoor.terminal.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.testing.InProcessGate;

/** The watchdog asks the started services, in start order; a stopped daemon has nothing left to ask. */
class DaemonLivenessTest {
    @TempDir
    Path dir;

    @Test
    void theWatchdogAsksEveryStartedServiceThatHasAnAnswer() throws Exception {
        Map<String, BooleanSupplier> checks;
        try (Daemon daemon = new InProcessGate().start(dir, null, true)) {
            checks = daemon.liveness();

            assertEquals(List.of("lane east", "maintenance", "publisher", "scanner east"), List.copyOf(checks.keySet()));
            checks.forEach((name, check) -> assertTrue(check.getAsBoolean(), name));
        }
        assertFalse(checks.get("publisher").getAsBoolean(), "the publisher thread ends with the daemon");
    }
}
