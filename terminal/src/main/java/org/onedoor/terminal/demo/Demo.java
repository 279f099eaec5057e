package org.onedoor.terminal.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.onedoor.drivers.gpio.GpioBackend;
import org.onedoor.drivers.gpio.SimulatedGpioBackend;
import org.onedoor.drivers.serial.Framing;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.drivers.serial.SimulatedScanner;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.config.TerminalConfig.Lane;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.daemon.Drivers;
import org.onedoor.terminal.daemon.StartupException;
import org.onedoor.terminal.decision.Direction;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.lane.WriteFailurePolicy;
import org.onedoor.terminal.ledger.Durability;
import org.onedoor.terminal.ledger.OutboxMessage;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.recognition.CodeProfile;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;

/**
 * The gate on a laptop: the real daemon with a stand-in health service, simulated scanners and
 * simulated GPIO printed on the console. Each step is one person at the gate; what the county would
 * receive over MQTT is printed from the outbox.
 */
public final class Demo {
    static final String TOPIC = "onedoor/v1/430124/demo-venue/t-demo";
    private static final String GREEN = "https://hc.example.gov.cn/c/G7dZk2LmQp9xV4sT";
    private static final String YELLOW = "https://hc.example.gov.cn/c/Y3nB8wRt6uHq1cJe";
    private static final String RED = "https://hc.example.gov.cn/c/R9kF2aPz5sLm7dWq";
    private static final String EXPIRED = "https://hc.example.gov.cn/c/E0xpIr3dC0d3N0tKnown";
    private static final String STAFF = "ODB1:430124199001011234";

    private record Step(String narration, String lane, byte[] frame, Runnable before) {
    }

    private final PrintStream out;
    private final Duration pause;
    private final Map<String, SimulatedScanner> scanners = new java.util.HashMap<>();

    public Demo(PrintStream out, Duration pause) {
        this.out = out;
        this.pause = pause;
    }

    /** Runs the whole scenario once in {@code workDir}; returns the events the county would have received. */
    public List<OutboxMessage> run(Path workDir) throws IOException, StartupException, InterruptedException {
        Path key = workDir.resolve("pseudonym.key");
        Pseudonymizer.writeNewKey(key);
        List<OutboxMessage> published = new ArrayList<>();
        try (StandInHealthService service = standIn()) {
            TerminalConfig config = config(workDir, key, service.port(), duplicateWindow());
            try (Daemon daemon = Daemon.start(config, drivers(), false)) {
                for (Step step : steps(service)) {
                    step.before().run();
                    out.println();
                    out.println("▶ " + step.narration());
                    scanner(step.lane()).inject(step.frame());
                    published.addAll(printOutbox(daemon));
                    Thread.sleep(pause.toMillis());
                }
                out.println();
                daemon.lanes().forEach(l -> out.println("counters: " + l.counters().outcomes()
                        + " duplicates=" + l.counters().duplicates() + " noise=" + l.counters().noise()));
            }
        }
        return published;
    }

    private List<Step> steps(StandInHealthService service) {
        byte[] noise = {(byte) 0xFF, 0x00, (byte) 0xC3, 0x28, 0x07};
        return List.of(
                new Step("A resident shows a green code", "east", utf8(GREEN), () -> { }),
                new Step("The same code again at once (continuous-mode scanner): ignored, no second pulse", "east",
                        utf8(GREEN), () -> { }),
                new Step("A yellow code: refused, alert to the administrator", "east", utf8(YELLOW), () -> { }),
                new Step("A red code: refused, alert", "east", utf8(RED), () -> { }),
                new Step("An expired code the service does not know: refused (unknown_code)", "east", utf8(EXPIRED),
                        () -> { }),
                new Step("A shop receipt held up by mistake: refused (unrecognised)", "east",
                        utf8("Receipt No. 000123 total 45.00"), () -> { }),
                new Step("Electrical noise on the scanner line: counted, not recorded", "east", noise, () -> { }),
                new Step("A staff badge (the subject is in the code): green online, now cached", "east", utf8(STAFF),
                        () -> { }),
                new Step("A person with a red code leaves by the exit lane: the gate opens, alert", "east-exit",
                        utf8(RED), () -> { }),
                new Step("The health service goes down; the staff member comes back: the cached green decides",
                        "east", utf8(STAFF), () -> service.setFailure(503)),
                new Step("A visitor the terminal has never seen, service still down: refused (status_unavailable)",
                        "east", utf8(GREEN.replace("G7d", "V1s")), () -> { }));
    }

    private List<OutboxMessage> printOutbox(Daemon daemon) {
        List<OutboxMessage> batch = daemon.ledger().pending(-1, 100);
        for (OutboxMessage m : batch) {
            out.println("  [mqtt] " + TOPIC + "/" + m.topicSuffix() + " " + new String(m.payload(), StandardCharsets.UTF_8));
        }
        daemon.ledger().markPublished(batch.stream().map(OutboxMessage::seq).toList());
        return batch;
    }

    private StandInHealthService standIn() throws IOException {
        StandInHealthService s = new StandInHealthService(0, Optional.empty());
        s.register(GREEN, HealthStatus.GREEN, "person-0001", Duration.ofHours(1));
        s.register(YELLOW, HealthStatus.YELLOW, "person-0002", Duration.ofHours(1));
        s.register(RED, HealthStatus.RED, "person-0003", Duration.ofHours(1));
        s.register(STAFF, HealthStatus.GREEN, "staff-0004", Duration.ofHours(1));
        s.start();
        return s;
    }

    private Drivers drivers() {
        return new Drivers() {
            @Override
            public GpioBackend gpio() {
                return new SimulatedGpioBackend(Optional.empty(), out::println);
            }

            @Override
            public Scanner scanner(Lane lane) {
                SimulatedScanner s = new SimulatedScanner(lane.name());
                scanners.put(lane.name(), s);
                return s;
            }
        };
    }

    private SimulatedScanner scanner(String lane) {
        return scanners.get(lane);
    }

    /**
     * One and a half pauses: the repeat right after the first person falls inside the window, the
     * staff member who comes back two people later falls outside it.
     */
    private Duration duplicateWindow() {
        return pause.multipliedBy(3).dividedBy(2);
    }

    private static TerminalConfig config(Path dir, Path key, int servicePort, Duration duplicateWindow) {
        var leds = new TerminalConfig.Leds(Optional.of(22), Optional.of(27), Optional.of(23), Optional.empty(), false);
        var exitLeds = new TerminalConfig.Leds(Optional.of(6), Optional.of(13), Optional.empty(), Optional.empty(), false);
        return new TerminalConfig(dir.resolve("onedoor.toml"),
                new TerminalConfig.Terminal("t-demo", "430124", "demo-venue", dir.resolve("data"), Mode.STRICT),
                TerminalConfig.Health.defaults(URI.create("http://127.0.0.1:" + servicePort)),
                TerminalConfig.Mqtt.defaults(URI.create("tcp://127.0.0.1:1883")),
                new TerminalConfig.Gpio(org.onedoor.drivers.gpio.GpioProvider.SIMULATED, Optional.empty()),
                new TerminalConfig.Privacy(key),
                new TerminalConfig.Decision(duplicateWindow),
                new TerminalConfig.Ledger(Durability.POWER_SAFE, 28, 0, WriteFailurePolicy.KEEP_DECIDING),
                Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(new CodeProfile("province-url",
                                Pattern.compile("^https://hc\\.example\\.gov\\.cn/c/[A-Za-z0-9_-]{16,128}$")),
                        new CodeProfile("staff-badge", Pattern.compile("^ODB1:(?<subject>[0-9]{17}[0-9X])$"))),
                List.of(new Lane("east", "东门", Direction.ENTRY,
                                TerminalConfig.Scanner.generic("simulated", 9600, Framing.CR),
                                new TerminalConfig.Relay(17, 300, true), leds),
                        new Lane("east-exit", "东门出口", Direction.EXIT,
                                TerminalConfig.Scanner.generic("simulated-exit", 9600, Framing.CR),
                                new TerminalConfig.Relay(5, 300, true), exitLeds)));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
