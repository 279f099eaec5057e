package org.onedoor.terminal.daemon;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.gpio.GpioBackend;
import org.onedoor.drivers.serial.EolFramer;
import org.onedoor.drivers.serial.FrameSink;
import org.onedoor.drivers.serial.Framing;
import org.onedoor.drivers.serial.GenericProfile;
import org.onedoor.drivers.serial.JsscSerialPortOpener;
import org.onedoor.drivers.serial.ScanFramer;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.drivers.serial.SerialScanner;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.PtyPair;
import org.onedoor.terminal.config.ConfigLoader;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.report.LaneState;
import org.onedoor.terminal.testing.TomlFixture;

/**
 * The daemon with its configured serial scanners on two pseudo-terminals: per-lane health and noise
 * in its state, alerts when a scanner goes and comes back, and one lane unplugged while the other
 * keeps reading.
 */
class DaemonScannerStateTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void stateAndAlertsFollowTheScanners() throws Exception {
        try (PtyPair east = PtyPair.open(Files.createDirectories(dir.resolve("east")));
             PtyPair west = PtyPair.open(Files.createDirectories(dir.resolve("west")));
             Daemon daemon = Daemon.start(config(east, west), new ConfiguredDrivers(gpio()), false)) {
            Await.until("both scanners up", TIMEOUT, () -> daemon.state().lanes().stream().allMatch(l -> l.scanner().up()));

            east.write(new byte[] {(byte) 0xC3, 0x28, '\r'});
            west.write("东门".getBytes(java.nio.charset.Charset.forName("GBK")));
            west.write(new byte[] {'\r', 'a', 0, 'b', '\r'});
            Await.until("noise counted on both lanes", TIMEOUT,
                    () -> lane(daemon, "east").noiseFrames() == 1 && lane(daemon, "west").noiseFrames() == 1);
            assertEquals(2, lane(daemon, "west").scanner().frames(), "GBK text is text on the gbk lane");

            east.kill();
            Await.until("east down", TIMEOUT, () -> !lane(daemon, "east").scanner().up());
            west.write("\u0007\r".getBytes(UTF_8));
            Await.until("west still reading while east is down", TIMEOUT,
                    () -> lane(daemon, "west").noiseFrames() == 2);
            east.restart();
            Await.until("east back", TIMEOUT, () -> lane(daemon, "east").scanner().up());
            // The health flag flips before the lane records its scanner_up alert: wait for the record.
            Await.until("the scanner_up alert recorded", TIMEOUT, () -> alerts(daemon).size() == 2);

            List<String> alerts = alerts(daemon);
            assertEquals(2, alerts.size(), alerts.toString());
            assertTrue(alerts.get(0).contains("\"type\":\"scanner_down\"") && alerts.get(0).contains("\"lane\":\"east\"")
                    && alerts.get(0).contains("\"severity\":\"high\""), alerts.get(0));
            assertTrue(alerts.get(1).contains("\"type\":\"scanner_up\"") && alerts.get(1).contains("\"severity\":\"info\""),
                    alerts.get(1));
            assertTrue(alerts.stream().noneMatch(a -> a.contains("ÃŸ") || a.contains("东门")), "no frame bytes");
        }
    }

    /**
     * A reader thread that dies — here of an InternalError from its framer, standing for any fault of the JVM
     * on that thread — takes its lane down: the state says so, a scanner_down alert is recorded, and the
     * watchdog's liveness check for that scanner fails, so systemd restarts the service. The other lane reads on.
     */
    @Test
    void aDeadReaderTakesItsLaneDownAlertsAndFailsLiveness() throws Exception {
        try (PtyPair east = PtyPair.open(Files.createDirectories(dir.resolve("east")));
             PtyPair west = PtyPair.open(Files.createDirectories(dir.resolve("west")));
             Daemon daemon = Daemon.start(config(east, west), driversWithAFaultyEastFramer(), false)) {
            Await.until("both scanners up", TIMEOUT, () -> daemon.state().lanes().stream().allMatch(l -> l.scanner().up()));
            assertTrue(daemon.liveness().get("scanner east").getAsBoolean());

            east.write(new byte[] {'!', '\r'});
            Await.until("the east reader ended", TIMEOUT, () -> !daemon.liveness().get("scanner east").getAsBoolean());
            Await.until("east down", TIMEOUT, () -> !lane(daemon, "east").scanner().up());
            assertEquals("reader stopped: InternalError", lane(daemon, "east").scanner().detail());
            Await.until("the scanner_down alert recorded", TIMEOUT, () -> alerts(daemon).size() == 1);
            String alert = alerts(daemon).get(0);
            assertTrue(alert.contains("\"type\":\"scanner_down\"") && alert.contains("\"lane\":\"east\"")
                    && alert.contains("reader stopped: InternalError"), alert);

            assertTrue(daemon.liveness().get("scanner west").getAsBoolean());
            west.write("\u0007\r".getBytes(UTF_8));
            Await.until("west still reading", TIMEOUT, () -> lane(daemon, "west").noiseFrames() == 1);
        }
    }

    /** The configured drivers, but lane east's framer fails with an Error on a {@code !}. */
    private Drivers driversWithAFaultyEastFramer() {
        ConfiguredDrivers configured = new ConfiguredDrivers(gpio());
        return new Drivers() {
            @Override
            public GpioBackend gpio() {
                return configured.gpio();
            }

            @Override
            public Scanner scanner(TerminalConfig.Lane lane) {
                if (!lane.name().equals("east")) {
                    return configured.scanner(lane);
                }
                ScanFramer framer = new EolFramer(Framing.ANY_EOL);
                ScanFramer faulty = new ScanFramer() {
                    @Override
                    public void feed(byte[] buf, int off, int len, long nowNanos, FrameSink sink) {
                        for (int i = off; i < off + len; i++) {
                            if (buf[i] == '!') {
                                throw new InternalError("a fault of the JVM on the reader thread");
                            }
                        }
                        framer.feed(buf, off, len, nowNanos, sink);
                    }

                    @Override
                    public void reset() {
                        framer.reset();
                    }
                };
                return new SerialScanner(lane.name(), lane.scanner().port(), lane.scanner().baud(), faulty,
                        new GenericProfile(), new JsscSerialPortOpener());
            }
        };
    }

    private static List<String> alerts(Daemon daemon) {
        return daemon.ledger().pending(-1, 100).stream()
                .filter(m -> m.topicSuffix().equals("alert"))
                .map(m -> new String(m.payload(), UTF_8)).toList();
    }

    private static LaneState lane(Daemon daemon, String name) {
        return daemon.state().lanes().stream().filter(l -> l.lane().equals(name)).findFirst().orElseThrow();
    }

    private TerminalConfig.Gpio gpio() {
        return new TerminalConfig.Gpio(org.onedoor.drivers.gpio.GpioProvider.SIMULATED, java.util.Optional.empty());
    }

    private TerminalConfig config(PtyPair east, PtyPair west) throws Exception {
        Pseudonymizer.writeNewKey(dir.resolve("pseudonym.key"));
        Path file = TomlFixture.minimal().set("terminal.id", "t-state").set("terminal.venue_id", "state-venue")
                .profile("staff-badge", "^ODB1:(?<subject>[0-9]{17}[0-9X])$")
                .lane("east", "东门", "scanner.port", east.devicePath(), "scanner.framing", "any-eol", "relay.pin", 17,
                        "led.amber", 23)
                .lane("west", "西门", "scanner.port", west.devicePath(), "scanner.charset", "gbk", "scanner.framing", "cr",
                        "relay.pin", 18)
                .write(dir.resolve("onedoor.toml"));
        return ConfigLoader.load(file);
    }
}
