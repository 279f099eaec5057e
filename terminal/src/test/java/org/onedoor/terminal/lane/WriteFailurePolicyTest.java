package org.onedoor.terminal.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.gpio.GpioBackend;
import org.onedoor.drivers.gpio.SimulatedGpioBackend;
import org.onedoor.drivers.serial.Framing;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.drivers.serial.SimulatedScanner;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.config.TerminalConfig.WriteFailurePolicy;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.daemon.Drivers;
import org.onedoor.terminal.ledger.Durability;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;

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
        Path key = dir.resolve("k");
        Pseudonymizer.writeNewKey(key);
        List<String> gpio = new CopyOnWriteArrayList<>();
        SimulatedScanner scanner = new SimulatedScanner("east");
        try (StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            service.register(BADGE, HealthStatus.GREEN, "unused", Duration.ofHours(1));
            service.start();
            try (Daemon daemon = Daemon.start(config(key, service.port(), policy), drivers(scanner, gpio), false)) {
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

    private static Drivers drivers(SimulatedScanner scanner, List<String> gpio) {
        return new Drivers() {
            @Override
            public GpioBackend gpio() {
                return new SimulatedGpioBackend(Optional.empty(), gpio::add);
            }

            @Override
            public Scanner scanner(TerminalConfig.Lane lane) {
                return scanner;
            }
        };
    }

    private TerminalConfig config(Path key, int port, WriteFailurePolicy policy) {
        var leds = new TerminalConfig.Leds(Optional.of(22), Optional.of(27), Optional.empty(), Optional.empty(), false);
        return new TerminalConfig(dir.resolve("onedoor.toml"),
                new TerminalConfig.Terminal("t-1", "430124", "v-1", dir.resolve("data"), TerminalConfig.Mode.STRICT),
                new TerminalConfig.Health(URI.create("http://127.0.0.1:" + port), Optional.empty(), 300, Duration.ofHours(1)),
                new TerminalConfig.Mqtt(URI.create("tcp://127.0.0.1:1"), "onedoor/v1", Optional.empty(), Optional.empty(), 32, 0),
                new TerminalConfig.Gpio("simulated", Optional.empty()),
                new TerminalConfig.Privacy(key),
                new TerminalConfig.Decision(Duration.ZERO),
                new TerminalConfig.Ledger(Durability.PROCESS_SAFE, 28, 1, policy),
                List.of(new TerminalConfig.CodeProfile("badge", Pattern.compile("^CB:(?<subject>[A-Z0-9]{8,40})$"))),
                List.of(new TerminalConfig.Lane("east", "东门", TerminalConfig.Direction.ENTRY,
                        new TerminalConfig.Scanner("simulated", 9600, Framing.CR),
                        new TerminalConfig.Relay(17, 300, true), leds)));
    }
}
