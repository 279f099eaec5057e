package org.onedoor.terminal.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.onedoor.drivers.serial.Framing;
import org.onedoor.drivers.serial.Gm65Profile;
import org.onedoor.terminal.recognition.TextEncoding;

/**
 * The whole configuration, typed and validated once by {@link ConfigLoader}. Nothing downstream
 * re-checks a value: if a {@code TerminalConfig} exists, it is valid.
 */
public record TerminalConfig(Path source, Terminal terminal, Health health, Mqtt mqtt, Gpio gpio,
                             Privacy privacy, Decision decision, Ledger ledger, List<CodeProfile> profiles,
                             List<Lane> lanes) {

    public enum Direction { ENTRY, EXIT }

    public enum Mode { STRICT }

    /** {@code [terminal]}: who this terminal is; id, county and venue become MQTT topic levels. */
    public record Terminal(String id, String county, String venue, Path dataDir, Mode mode) {
    }

    /** {@code [health]}: the online verify service. */
    public record Health(URI url, Optional<Path> tokenFile, int budgetMs, Duration cacheTtl) {
    }

    /**
     * {@code [mqtt]}: the county broker.
     *
     * @param maxRate messages per second at most, 0 for no limit: a day's backlog must not flood the broker
     */
    public record Mqtt(URI url, String topicRoot, Optional<String> username, Optional<Path> passwordFile,
                       int inflightWindow, int maxRate) {
    }

    /** What to do when an entry cannot be written (a full or failing card). */
    public enum WriteFailurePolicy { KEEP_DECIDING, REFUSE_ALL }

    /**
     * {@code [ledger]}: the entry ledger and outbox.
     *
     * @param maxSizeMb the database's size limit, 0 for none but the disk's own
     */
    public record Ledger(org.onedoor.terminal.ledger.Durability durability, int retentionDays, int maxSizeMb,
                         WriteFailurePolicy onWriteFailure) {
    }

    /** {@code [gpio]}: which output driver; the trace file only with the simulated one. */
    public record Gpio(String provider, Optional<Path> traceFile) {
        public boolean simulated() {
            return "simulated".equals(provider);
        }
    }

    /** {@code [privacy]}: the pseudonym key. */
    public record Privacy(Path keyFile) {
    }

    /** {@code [decision]}: how repeats are treated. */
    public record Decision(Duration duplicateWindow) {
    }

    /** {@code [[profile]]}: a kind of code, recognised by a regular expression. */
    public record CodeProfile(String name, Pattern pattern) {
        public boolean hasSubject() {
            return pattern.pattern().contains("(?<subject>");
        }
    }

    /** {@code [[lane]]}: one scanner, one relay, one set of LEDs. */
    public record Lane(String name, String entrance, Direction direction, Scanner scanner, Relay relay, Leds led) {
    }

    /**
     * {@code lane.scanner}: the port, how frames are cut and decoded, and the module's profile.
     *
     * @param idleMs the silence that ends a frame with framing {@code idle}
     * @param gm65   the GM65 settings with profile {@code gm65}; empty for a passive {@code generic} module
     */
    public record Scanner(String port, int baud, Framing framing, int idleMs, int maxFrameBytes, TextEncoding charset,
                          Optional<Gm65> gm65) {
        /** A passive scanner with the default framing limits and UTF-8 text. */
        public static Scanner generic(String port, int baud, Framing framing) {
            return new Scanner(port, baud, framing, Framing.DEFAULT_IDLE_MS, Framing.DEFAULT_MAX_FRAME_BYTES,
                    TextEncoding.UTF_8, Optional.empty());
        }
    }

    /** What OneDoor sets on a GM65-family module each time its port opens. */
    public record Gm65(Gm65Profile.Mode mode, int sameCodeDelayMs, boolean beep, boolean signalRefusal) {
    }

    public record Relay(int pin, int pulseMs, boolean activeLow) {
    }

    /** LED and buzzer pins; an empty one is not wired. */
    public record Leds(Optional<Integer> green, Optional<Integer> red, Optional<Integer> amber,
                       Optional<Integer> buzzer, boolean activeLow) {
    }
}
