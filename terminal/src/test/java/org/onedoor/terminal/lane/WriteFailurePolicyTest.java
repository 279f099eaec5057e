package org.onedoor.terminal.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.serial.SimulatedScanner;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.InProcessGate;

/** A full ledger: the gate keeps deciding (the default), or refuses everyone when the venue chose so. */
class WriteFailurePolicyTest {
    private static final String BADGE = "CB:STAFF00000001";
    @TempDir
    Path dir;

    @Test
    void keepDecidingLetsGreenThroughAndCountsTheLoss() throws Exception {
        Gate gate = fillAndScanGreen(WriteFailurePolicy.KEEP_DECIDING);
        assertTrue(gate.gpio.contains("  [gpio] east relay (pin 17) ON"), "the green code opened the gate");
        assertEquals(1L, gate.counters.outcomes().get("granted:green"));
        assertTrue(gate.counters.unrecorded() > 0);
    }

    @Test
    void refuseAllKeepsTheGateShutWhileNothingCanBeRecorded() throws Exception {
        Gate gate = fillAndScanGreen(WriteFailurePolicy.REFUSE_ALL);
        assertTrue(!gate.gpio.contains("  [gpio] east relay (pin 17) ON"), "the relay never moved");
        assertEquals(1L, gate.counters.outcomes().get("refused:unrecordable"));
    }

    private record Gate(List<String> gpio, LaneCounters counters) {
    }

    private Gate fillAndScanGreen(WriteFailurePolicy policy) throws Exception {
        List<String> gpio = new CopyOnWriteArrayList<>();
        try (StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            service.register(BADGE, HealthStatus.GREEN, "unused", Duration.ofHours(1));
            service.start();
            InProcessGate gate = new InProcessGate().healthService(service.port()).maxSizeMb(1).onWriteFailure(policy);
            try (Daemon daemon = gate.start(dir, gpio::add, false)) {
                SimulatedScanner scanner = gate.scanner();
                for (int i = 0; daemon.ledger().unrecorded() == 0; i++) {
                    scanner.inject(("filler text " + i).getBytes(StandardCharsets.UTF_8)); // unrecognised: an entry each
                    assertTrue(i < 200_000, "a 1 MB ledger never filled");
                }
                gpio.clear();
                scanner.inject(BADGE.getBytes(StandardCharsets.UTF_8));
                return new Gate(List.copyOf(gpio), daemon.lanes().get(0).counters());
            }
        }
    }
}
