package org.onedoor.terminal.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.onedoor.drivers.gpio.Pull;
import org.onedoor.drivers.serial.Framing;
import org.onedoor.drivers.serial.Gm65Profile;
import org.onedoor.terminal.decision.Direction;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.lane.LaneSettings;
import org.onedoor.terminal.lane.WriteFailurePolicy;
import org.onedoor.terminal.recognition.CodeProfile;
import org.onedoor.terminal.recognition.TextEncoding;
import org.onedoor.terminal.status.CacheTtl;
import org.onedoor.terminal.status.Strategy;

/**
 * The whole configuration, typed and validated once by {@link ConfigLoader}. Nothing downstream
 * re-checks a value: if a {@code TerminalConfig} exists, it is valid.
 */
public record TerminalConfig(Path source, Terminal terminal, Health health, Mqtt mqtt, Gpio gpio,
                             Privacy privacy, Decision decision, Ledger ledger, Optional<RiskList> riskList,
                             Optional<Signed> signed, Optional<Sms> sms, List<CodeProfile> profiles,
                             List<Lane> lanes, Inputs inputs, Voice voice, Optional<Enrollment> enrollment) {

    /** A terminal without voice prompts that is not enrolled with its county. */
    public TerminalConfig(Path source, Terminal terminal, Health health, Mqtt mqtt, Gpio gpio, Privacy privacy,
                          Decision decision, Ledger ledger, Optional<RiskList> riskList, Optional<Signed> signed,
                          Optional<Sms> sms, List<CodeProfile> profiles, List<Lane> lanes, Inputs inputs) {
        this(source, terminal, health, mqtt, gpio, privacy, decision, ledger, riskList, signed, sms, profiles, lanes,
                inputs, Voice.OFF, Optional.empty());
    }

    /** A terminal without terminal-wide inputs. */
    public TerminalConfig(Path source, Terminal terminal, Health health, Mqtt mqtt, Gpio gpio, Privacy privacy,
                          Decision decision, Ledger ledger, Optional<RiskList> riskList, Optional<Signed> signed,
                          Optional<Sms> sms, List<CodeProfile> profiles, List<Lane> lanes) {
        this(source, terminal, health, mqtt, gpio, privacy, decision, ledger, riskList, signed, sms, profiles, lanes,
                Inputs.NONE);
    }

    /** The same configuration in another mode. */
    public TerminalConfig withMode(Mode mode) {
        Terminal t = terminal;
        return new TerminalConfig(source,
                new Terminal(t.id(), t.county(), t.venue(), t.dataDir(), mode, t.venueName(), t.zone()),
                health, mqtt, gpio, privacy, decision, ledger, riskList, signed, sms, profiles, lanes, inputs,
                voice, enrollment);
    }

    /**
     * The same configuration with the county's approved identity (docs/county.md, Enrollment): the venue id and each
     * lane's venue code as the approval has them; a lane whose entrance is not approved yet has no code.
     */
    public TerminalConfig withIdentity(String venueId, java.util.Map<String, String> codesByEntrance) {
        Terminal t = terminal;
        List<Lane> approvedLanes = lanes.stream().map(l -> new Lane(l.name(), l.entrance(), l.direction(), l.scanner(),
                l.relay(), l.led(), Optional.ofNullable(codesByEntrance.get(l.entrance())), l.inputs(), l.idCard()))
                .toList();
        return new TerminalConfig(source,
                new Terminal(t.id(), t.county(), venueId, t.dataDir(), t.mode(), t.venueName(), t.zone()),
                health, mqtt, gpio, privacy, decision, ledger, riskList, signed, sms, profiles, approvedLanes, inputs,
                voice, enrollment);
    }

    /**
     * {@code [venue]} and {@code [enrollment]}: the venue's basic data as its administrator applies with it, the
     * county's enrollment public key that signs the answer, and this terminal's device key (docs/county.md).
     *
     * @param deviceKey the device key's private half; its public half is beside it ({@code device.pub})
     */
    public record Enrollment(org.onedoor.terminal.enrollment.VenueRecord venue, java.security.PublicKey countyKey,
                             Path deviceKey) {
    }

    /**
     * {@code [terminal]}: who this terminal is; id, county and venue (the file's {@code venue_id}) become MQTT
     * topic levels.
     *
     * @param venueName the venue's name as people read it, for the posters; empty if not given
     * @param zone      the venue's time zone: the times in texts, the day of a date-only certificate field
     */
    public record Terminal(String id, String county, String venue, Path dataDir, Mode mode,
                           Optional<String> venueName, java.time.ZoneId zone) {
        /** Where no {@code time_zone} is configured: the terminals are made for mainland China. */
        public static final java.time.ZoneId DEFAULT_ZONE = java.time.ZoneId.of("Asia/Shanghai");

        public Terminal(String id, String county, String venue, Path dataDir, Mode mode) {
            this(id, county, venue, dataDir, mode, Optional.empty(), DEFAULT_ZONE);
        }
    }

    /**
     * {@code [health]}: the online verify service, the status cache and when their knowledge is stale.
     *
     * @param caFile          PEM certificates that alone are trusted for an https service; empty for the system's
     * @param breakerFailures consecutive failures that open the circuit breaker
     * @param breakerProbe    how often an open breaker probes the service
     * @param staleAfter      no successful answer from the service for this long shows as stale data
     */
    public record Health(URI url, Optional<Path> tokenFile, Optional<Path> caFile, int budgetMs, Strategy strategy,
                         CacheTtl cacheTtl, int cacheMaxEntries, int breakerFailures, Duration breakerProbe,
                         Duration breakerProbeMax, Duration staleAfter) {
        public static final int DEFAULT_BUDGET_MS = 300;

        /** The service at {@code url} with every other key at its default. */
        public static Health defaults(URI url) {
            return new Health(url, Optional.empty(), Optional.empty(), DEFAULT_BUDGET_MS, Strategy.ONLINE_FIRST,
                    CacheTtl.all(Duration.ofHours(1)), 100_000, 3, Duration.ofSeconds(5), Duration.ofSeconds(60),
                    Duration.ofMinutes(10));
        }

        public Health withBudgetMs(int ms) {
            return new Health(url, tokenFile, caFile, ms, strategy, cacheTtl, cacheMaxEntries, breakerFailures,
                    breakerProbe, breakerProbeMax, staleAfter);
        }

        public Health withStrategy(Strategy s) {
            return new Health(url, tokenFile, caFile, budgetMs, s, cacheTtl, cacheMaxEntries, breakerFailures,
                    breakerProbe, breakerProbeMax, staleAfter);
        }

        public Health withCacheTtl(CacheTtl ttl) {
            return new Health(url, tokenFile, caFile, budgetMs, strategy, ttl, cacheMaxEntries, breakerFailures,
                    breakerProbe, breakerProbeMax, staleAfter);
        }

        public Health withStaleAfter(Duration limit) {
            return new Health(url, tokenFile, caFile, budgetMs, strategy, cacheTtl, cacheMaxEntries, breakerFailures,
                    breakerProbe, breakerProbeMax, limit);
        }

        public Health withCaFile(Path file) {
            return new Health(url, tokenFile, Optional.of(file), budgetMs, strategy, cacheTtl, cacheMaxEntries,
                    breakerFailures, breakerProbe, breakerProbeMax, staleAfter);
        }
    }

    /**
     * {@code [risklist]}: the county's signed list of yellow and red pseudonyms.
     *
     * @param publicKey  the county's Ed25519 risk-list key, base64 of its X.509 SubjectPublicKeyInfo
     * @param keyFile    the county's risk-list pseudonym key for epoch {@code keyEpoch} (a secret)
     * @param staleAfter a list older than this shows as stale data
     */
    public record RiskList(java.security.PublicKey publicKey, Path keyFile, int keyEpoch, Duration staleAfter,
                           int maxEntries) {
    }

    /**
     * {@code [mqtt]}: the county broker.
     *
     * @param maxRate          messages per second at most, 0 for no limit: a day's backlog must not flood the broker
     * @param caFile           PEM CA(s) that alone are trusted for an ssl:// broker; empty for the system's
     * @param clientCertFile   PEM certificate presented to a broker that asks for one, with {@code clientKeyFile}
     * @param statusInterval   how often the retained heartbeat is published
     * @param haDiscovery      whether Home Assistant discovery configurations are published
     * @param commandPublicKey the county's Ed25519 command key; without one no remote command is listened to
     */
    public record Mqtt(URI url, String topicRoot, Optional<String> username, Optional<Path> passwordFile,
                       int inflightWindow, int maxRate, Optional<Path> caFile, Optional<Path> clientCertFile,
                       Optional<Path> clientKeyFile, int keepAliveS, Duration statusInterval, boolean haDiscovery,
                       Optional<java.security.PublicKey> commandPublicKey) {

        /** The broker at {@code url}, anonymous, every other key at its default. */
        public static Mqtt defaults(URI url) {
            return new Mqtt(url, "onedoor/v1", Optional.empty(), Optional.empty(), 32, 200, Optional.empty(),
                    Optional.empty(), Optional.empty(), 30, Duration.ofSeconds(60), false, Optional.empty());
        }

        public Mqtt withMaxRate(int rate) {
            return new Mqtt(url, topicRoot, username, passwordFile, inflightWindow, rate, caFile, clientCertFile,
                    clientKeyFile, keepAliveS, statusInterval, haDiscovery, commandPublicKey);
        }

        public Mqtt withStatusInterval(Duration interval) {
            return new Mqtt(url, topicRoot, username, passwordFile, inflightWindow, maxRate, caFile, clientCertFile,
                    clientKeyFile, keepAliveS, interval, haDiscovery, commandPublicKey);
        }

        public Mqtt withHaDiscovery(boolean publish) {
            return new Mqtt(url, topicRoot, username, passwordFile, inflightWindow, maxRate, caFile, clientCertFile,
                    clientKeyFile, keepAliveS, statusInterval, publish, commandPublicKey);
        }

        public Mqtt withCommandPublicKey(java.security.PublicKey key) {
            return new Mqtt(url, topicRoot, username, passwordFile, inflightWindow, maxRate, caFile, clientCertFile,
                    clientKeyFile, keepAliveS, statusInterval, haDiscovery, Optional.of(key));
        }
    }

    /**
     * {@code [ledger]}: the entry ledger and outbox.
     *
     * @param maxSizeMb the database's size limit, 0 for none but the disk's own
     */
    public record Ledger(org.onedoor.terminal.ledger.Durability durability, int retentionDays, int maxSizeMb,
                         WriteFailurePolicy onWriteFailure) {
    }

    /** {@code [gpio]}: which output driver; the trace file only with the simulated one. */
    public record Gpio(org.onedoor.drivers.gpio.GpioProvider provider, Optional<Path> traceFile) {
        public boolean simulated() {
            return provider == org.onedoor.drivers.gpio.GpioProvider.SIMULATED;
        }
    }

    /**
     * {@code [signed]}: offline verification of signed (HC1 / EU DCC) codes; docs/signed-codes.md.
     *
     * @param trustList       the trust list file, signed by {@code trustPublicKey}; reloaded when it changes
     * @param trustMaxAge     a list older than this is stale: signed codes are then not judged
     * @param accept          certificate types that may count as green ({@code v}, {@code t}, {@code r})
     */
    public record Signed(Path trustList, java.security.PublicKey trustPublicKey, Duration trustMaxAge,
                         Duration trustPoll, java.util.Set<org.onedoor.terminal.signed.CertificateType> accept,
                         Duration testMaxAge, boolean completeDosesOnly, boolean recoveryWithinValidity) {
    }

    /**
     * {@code [sms]}: texts to the venue administrators through a serial cellular modem; docs/sms.md.
     *
     * @param numbers the administrators' mainland mobile numbers, distinct, at least one
     * @param types   the alert types that are texted
     */
    public record Sms(String port, int baud, List<org.onedoor.terminal.sms.MobileNumber> numbers,
                      java.util.Set<String> types, int maxPerHour,
                      int attempts, Duration firstRetry, int queue) {
    }

    /** {@code [privacy]}: the pseudonym key. */
    public record Privacy(Path keyFile) {
    }

    /**
     * {@code [decision]}: how repeats are treated, how old a cached green mode {@code lenient} still accepts, and
     * how long a grant accounts for one passage through the lane's passage sensor (docs/inputs.md).
     */
    public record Decision(Duration duplicateWindow, Duration lenientMaxAge, Duration passageWindow) {
        public static final Duration DEFAULT_LENIENT_MAX_AGE = Duration.ofHours(24);
        public static final Duration DEFAULT_PASSAGE_WINDOW = Duration.ofMillis(5000);

        public Decision(Duration duplicateWindow) {
            this(duplicateWindow, DEFAULT_LENIENT_MAX_AGE);
        }

        public Decision(Duration duplicateWindow, Duration lenientMaxAge) {
            this(duplicateWindow, lenientMaxAge, DEFAULT_PASSAGE_WINDOW);
        }
    }

    /**
     * {@code [[lane]]}: one scanner, one relay, one set of LEDs, and the lane's inputs.
     *
     * @param venueCode the entrance's venue code, the text exactly as the province issued it; empty if not given
     */
    public record Lane(String name, String entrance, Direction direction, Scanner scanner, Relay relay, Leds led,
                       Optional<String> venueCode, LaneInputs inputs, Optional<IdCard> idCard) implements LaneSettings {
        /** A lane without a venue code, inputs or ID-card reader. */
        public Lane(String name, String entrance, Direction direction, Scanner scanner, Relay relay, Leds led) {
            this(name, entrance, direction, scanner, relay, led, Optional.empty(), LaneInputs.NONE, Optional.empty());
        }

        /** A lane without an ID-card reader. */
        public Lane(String name, String entrance, Direction direction, Scanner scanner, Relay relay, Leds led,
                    Optional<String> venueCode, LaneInputs inputs) {
            this(name, entrance, direction, scanner, relay, led, venueCode, inputs, Optional.empty());
        }

        @Override
        public TextEncoding charset() {
            return scanner.charset();
        }
    }

    /**
     * One debounced GPIO input (docs/inputs.md).
     *
     * @param activeLow the contact, when asserted, pulls the line low
     */
    public record Input(int pin, boolean activeLow, Pull pull) {
        /** With the pull that suits the polarity: up for active-low, down otherwise. */
        public static Input of(int pin, boolean activeLow) {
            return new Input(pin, activeLow, Pull.forPolarity(activeLow));
        }
    }

    /** {@code lane.input}: the guard's button and the passage sensor, each optional. */
    public record LaneInputs(Optional<Input> button, Optional<Input> passage) {
        public static final LaneInputs NONE = new LaneInputs(Optional.empty(), Optional.empty());
    }

    /**
     * {@code [inputs]}: the debounce time of every input, and the terminal-wide contacts.
     *
     * @param fireHoldsOpen hold every lane's relay energised while the fire alarm lasts
     */
    public record Inputs(Duration debounce, Optional<Input> doorForced, Optional<Input> fireAlarm,
                         boolean fireHoldsOpen) {
        public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(30);
        public static final Inputs NONE = new Inputs(DEFAULT_DEBOUNCE, Optional.empty(), Optional.empty(), false);
    }

    /**
     * {@code [voice]}: spoken prompts (docs/voice.md).
     *
     * @param enabled false (the default): no prompt is played and no audio device is opened
     * @param output  an ALSA device through {@code aplay}, or a simulated one that writes to the GPIO trace
     * @param device  the ALSA device name, as {@code aplay -D} takes it
     * @param volume  0 to 100, applied to the samples
     * @param clips   a WAV clip per prompt, each read and checked when the configuration is loaded
     */
    public record Voice(boolean enabled, org.onedoor.terminal.voice.AudioOutputKind output, String device, int volume,
                        java.util.Map<org.onedoor.terminal.voice.Prompt, org.onedoor.terminal.voice.Clip> clips) {
        public static final Voice OFF = new Voice(false, org.onedoor.terminal.voice.AudioOutputKind.ALSA, "default",
                100, java.util.Map.of());

        /** What the voice service needs; the simulated output writes to the GPIO's {@code traceFile}. */
        public org.onedoor.terminal.voice.VoiceService.Settings settings(Optional<Path> traceFile) {
            return new org.onedoor.terminal.voice.VoiceService.Settings(output, device, volume, clips, traceFile);
        }
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

    /**
     * {@code idcard.*} of a lane: its resident ID-card reader (docs/idcard.md).
     *
     * @param pollMs how often the reader is asked whether a card lies on it
     */
    public record IdCard(String port, int baud, int pollMs) {
        public static final int DEFAULT_BAUD = 115200;
        public static final int DEFAULT_POLL_MS = 300;
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
