package org.onedoor.terminal.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.onedoor.drivers.gpio.GpioBackend;
import org.onedoor.drivers.gpio.SimulatedGpioBackend;
import org.onedoor.drivers.serial.Framing;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.drivers.serial.SimulatedScanner;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.lane.WriteFailurePolicy;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.daemon.Drivers;
import org.onedoor.terminal.daemon.StartupException;
import org.onedoor.terminal.decision.Direction;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.ledger.Durability;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.recognition.CodeProfile;

/**
 * The real daemon in this JVM: one entry lane {@code east} fed by a {@link SimulatedScanner}, GPIO
 * simulated without a trace file, a badge profile {@code CB:<subject>}, duplicate window 0. The
 * defaults suit tests that push many scans; each setter changes one section of the configuration.
 */
public final class InProcessGate {
    public static final String TERMINAL = "t-1";
    public static final String COUNTY = "430124";
    public static final String VENUE = "v-1";
    public static final String TOPIC_ROOT = "onedoor/v1";
    /** A scanner starts once: each daemon started gets a new one. */
    private SimulatedScanner scanner;
    /** The GPIO of the daemon started last. */
    private SimulatedGpioBackend gpio;
    // Nothing listens on port 1: by default neither the verify client nor a publisher is ever answered.
    private URI healthUrl = URI.create("http://127.0.0.1:1");
    private URI mqttUrl = URI.create("tcp://127.0.0.1:1");
    private int maxRate;
    private Durability durability = Durability.PROCESS_SAFE;
    private int maxSizeMb;
    private WriteFailurePolicy onWriteFailure = WriteFailurePolicy.KEEP_DECIDING;
    private Mode mode = Mode.STRICT;
    private UnaryOperator<TerminalConfig.Health> health = UnaryOperator.identity();
    private UnaryOperator<TerminalConfig.Mqtt> mqtt = UnaryOperator.identity();
    private Optional<TerminalConfig.Signed> signed = Optional.empty();
    private Optional<TerminalConfig.RiskList> riskList = Optional.empty();
    private boolean clockSynchronised;
    private Optional<TerminalConfig.Sms> sms = Optional.empty();
    private Duration lenientMaxAge = TerminalConfig.Decision.DEFAULT_LENIENT_MAX_AGE;
    private TerminalConfig.Inputs inputs = TerminalConfig.Inputs.NONE;
    private TerminalConfig.LaneInputs laneInputs = TerminalConfig.LaneInputs.NONE;
    private Duration passageWindow = TerminalConfig.Decision.DEFAULT_PASSAGE_WINDOW;
    private TerminalConfig.Voice voice = TerminalConfig.Voice.OFF;
    private Optional<Path> traceFile = Optional.empty();
    private List<CodeProfile> profiles =
            List.of(new CodeProfile("badge", Pattern.compile("^CB:(?<subject>[A-Z0-9]{8,40})$")));

    /** The terminal's MQTT topic, {@code {topic_root}/{county}/{venue}/{id}}. */
    public static String topicPrefix() {
        return TOPIC_ROOT + "/" + COUNTY + "/" + VENUE + "/" + TERMINAL;
    }

    /** The scanner of the daemon started last. */
    public SimulatedScanner scanner() {
        return scanner;
    }

    /** The simulated GPIO of the daemon started last: {@code setLevel} moves its inputs. */
    public SimulatedGpioBackend gpio() {
        return gpio;
    }

    /** {@code [inputs]}: the debounce time and the terminal's alarm contacts. */
    public InProcessGate inputs(TerminalConfig.Inputs value) {
        inputs = value;
        return this;
    }

    /** Lane {@code east}'s {@code input.button} and {@code input.passage}. */
    public InProcessGate laneInputs(TerminalConfig.LaneInputs value) {
        laneInputs = value;
        return this;
    }

    /** {@code [decision] passage_window_ms}: how long a grant accounts for one passage. */
    public InProcessGate passageWindow(Duration value) {
        passageWindow = value;
        return this;
    }

    /** {@code [voice]}: the spoken prompts (default: off). */
    public InProcessGate voice(TerminalConfig.Voice value) {
        voice = value;
        return this;
    }

    /** {@code [gpio] trace_file}: the simulated GPIO (and the simulated voice) write their lines here. */
    public InProcessGate traceFile(Path file) {
        traceFile = Optional.of(file);
        return this;
    }

    public InProcessGate healthService(int port) {
        healthUrl = URI.create("http://127.0.0.1:" + port);
        return this;
    }

    /** {@code [mqtt] url} and {@code max_rate} (0 = unlimited); only used when the daemon publishes. */
    public InProcessGate broker(String url, int maxMessagesPerSecond) {
        mqttUrl = URI.create(url);
        maxRate = maxMessagesPerSecond;
        return this;
    }

    public InProcessGate durability(Durability value) {
        durability = value;
        return this;
    }

    public InProcessGate maxSizeMb(int value) {
        maxSizeMb = value;
        return this;
    }

    public InProcessGate mode(Mode value) {
        mode = value;
        return this;
    }

    /** Changes {@code [health]} beyond the service's address (strategy, ttl, stale limit). */
    public InProcessGate health(UnaryOperator<TerminalConfig.Health> change) {
        health = change;
        return this;
    }

    /** Changes {@code [mqtt]} beyond the broker's address and rate. */
    public InProcessGate mqtt(UnaryOperator<TerminalConfig.Mqtt> change) {
        mqtt = change;
        return this;
    }

    /** {@code [signed]}: signed codes judged against this trust list. */
    public InProcessGate signed(TerminalConfig.Signed value) {
        signed = Optional.of(value);
        return this;
    }

    /** {@code [risklist]}: the county's list, its key and key file. */
    public InProcessGate riskList(TerminalConfig.RiskList value) {
        riskList = Optional.of(value);
        return this;
    }

    /** {@code [sms]}: texts through a modem on this port. */
    public InProcessGate sms(TerminalConfig.Sms value) {
        sms = Optional.of(value);
        return this;
    }

    /** Whether the daemon is told the system clock is synchronised (default: it is not). */
    public InProcessGate clockSynchronised(boolean value) {
        clockSynchronised = value;
        return this;
    }

    public InProcessGate lenientMaxAge(Duration value) {
        lenientMaxAge = value;
        return this;
    }

    /** The {@code [[profile]]}s, in order (default: the badge alone). */
    public InProcessGate profiles(List<CodeProfile> value) {
        profiles = List.copyOf(value);
        return this;
    }

    public InProcessGate onWriteFailure(WriteFailurePolicy value) {
        onWriteFailure = value;
        return this;
    }

    /**
     * Starts the daemon with its data in {@code dir/data} and a pseudonym key in {@code dir}.
     *
     * @param gpio receives one printable line per output change; null when nobody watches
     */
    public Daemon start(Path dir, Consumer<String> gpio, boolean publish) throws IOException, StartupException {
        Path key = dir.resolve("pseudonym.key");
        if (!Files.exists(key)) {
            Pseudonymizer.writeNewKey(key);
        }
        boolean synced = clockSynchronised;
        return Daemon.start(config(dir, key), drivers(gpio), publish, () -> synced);
    }

    private Drivers drivers(Consumer<String> gpio) {
        scanner = new SimulatedScanner("east");
        return new Drivers() {
            @Override
            public GpioBackend gpio() {
                InProcessGate.this.gpio = new SimulatedGpioBackend(traceFile, gpio);
                return InProcessGate.this.gpio;
            }

            @Override
            public Scanner scanner(TerminalConfig.Lane lane) {
                return scanner;
            }
        };
    }

    private TerminalConfig config(Path dir, Path key) {
        var leds = new TerminalConfig.Leds(Optional.of(22), Optional.of(27), Optional.of(23), Optional.empty(), false);
        // A budget far above the service's usual answer: a cold JVM on a busy machine once took 343 ms for
        // the first verify, and these tests are about what happens after the decision, not about the budget.
        int budgetMs = 3_000;
        return new TerminalConfig(dir.resolve("onedoor.toml"),
                new TerminalConfig.Terminal(TERMINAL, COUNTY, VENUE, dir.resolve("data"), mode),
                health.apply(TerminalConfig.Health.defaults(healthUrl).withBudgetMs(budgetMs)),
                mqtt.apply(TerminalConfig.Mqtt.defaults(mqttUrl).withMaxRate(maxRate)),
                new TerminalConfig.Gpio(org.onedoor.drivers.gpio.GpioProvider.SIMULATED, traceFile),
                new TerminalConfig.Privacy(key),
                new TerminalConfig.Decision(Duration.ZERO, lenientMaxAge, passageWindow),
                new TerminalConfig.Ledger(durability, 28, maxSizeMb, onWriteFailure), riskList, signed, sms,
                profiles,
                List.of(new TerminalConfig.Lane("east", "东门", Direction.ENTRY,
                        TerminalConfig.Scanner.generic("simulated", 9600, Framing.CR),
                        new TerminalConfig.Relay(17, 300, true), leds, Optional.empty(), laneInputs)), inputs, voice,
                Optional.empty());
    }
}
