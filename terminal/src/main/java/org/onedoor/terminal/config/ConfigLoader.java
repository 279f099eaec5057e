package org.onedoor.terminal.config;

import static org.onedoor.terminal.config.TableReader.ARRAY;
import static org.onedoor.terminal.config.TableReader.INTEGER;
import static org.onedoor.terminal.config.TableReader.NUMBER;
import static org.onedoor.terminal.config.TableReader.STRING;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.onedoor.drivers.gpio.GpioProvider;
import org.onedoor.terminal.config.TableReader.Converter;
import org.onedoor.terminal.recognition.CodeProfile;
import org.onedoor.terminal.config.TerminalConfig.Decision;
import org.onedoor.terminal.config.TerminalConfig.Gpio;
import org.onedoor.terminal.config.TerminalConfig.Health;
import org.onedoor.terminal.config.TerminalConfig.Inputs;
import org.onedoor.terminal.config.TerminalConfig.Lane;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.enrollment.VenueRecord;
import org.onedoor.terminal.config.TerminalConfig.Mqtt;
import org.onedoor.terminal.config.TerminalConfig.Privacy;
import org.onedoor.terminal.signed.CertificateType;
import org.onedoor.terminal.status.Strategy;
import org.onedoor.terminal.status.CacheTtl;
import org.onedoor.terminal.config.TerminalConfig.Terminal;
import org.onedoor.terminal.lane.WriteFailurePolicy;
import org.onedoor.terminal.ledger.Durability;
import org.tinylog.Logger;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Reads {@code onedoor.toml} into a {@link TerminalConfig}. Checks everything and reports every
 * problem at once, each naming the file line and the dotted key, because the operator fixing a
 * terminal on site should not have to restart it once per mistake.
 */
public final class ConfigLoader {

    private static final Map<String, Mode> MODES = Values.choices(Mode.values(), Mode::wireName);
    private static final Map<String, Strategy> STRATEGIES = Values.choices(Strategy.values(), Strategy::wireName);
    private static final Map<String, CertificateType> CERTIFICATE_TYPES =
            Values.choices(CertificateType.values(), CertificateType::letter);
    private static final Map<String, GpioProvider> GPIO_PROVIDERS =
            Values.choices(GpioProvider.values(), GpioProvider::configName);
    private static final Map<String, Durability> DURABILITIES =
            Values.choices(Durability.values(), d -> lowerCase(d).replace('_', '-'));
    private static final Map<String, WriteFailurePolicy> WRITE_FAILURE_POLICIES =
            Values.choices(WriteFailurePolicy.values(), p -> lowerCase(p).replace('_', '-'));
    /** Room for any provincial URL; at error correction level H, 256 characters of any script fit in a QR code. */

    private final Path source;
    private final Converter<String, Path> path;
    private final Problems problems;
    /** First user of each value that must be unique, so a second use can name the first. */
    private final Map<String, String> profileNameUsers = new HashMap<>();
    /** The lanes, the inputs, and every pin and serial port they claim. */
    private final HardwareSections hardware = new HardwareSections();

    private ConfigLoader(Path source) {
        this.source = source;
        this.path = Values.path(source.getParent());
        this.problems = new Problems(source.getFileName().toString());
    }

    /**
     * Loads and checks {@code file}; relative paths inside it are taken from the file's directory. Each
     * warning (an old name of a renamed key) is logged once.
     *
     * @throws ConfigException if the file cannot be read, is not valid TOML, or has any invalid value
     */
    public static TerminalConfig load(Path file) throws ConfigException {
        return load(file, warning -> Logger.warn("{}", warning));
    }

    /**
     * As {@link #load(Path)}, with each warning, {@code file:line: message}, handed to {@code warnings} instead.
     */
    public static TerminalConfig load(Path file, Consumer<String> warnings) throws ConfigException {
        Path source = file.toAbsolutePath().normalize();
        ConfigLoader loader = new ConfigLoader(source);
        try {
            return loader.read(parse(source));
        } finally {
            loader.problems.warnings().forEach(warnings);
        }
    }

    private static TomlParseResult parse(Path source) throws ConfigException {
        try {
            return Toml.parse(source);
        } catch (IOException e) {
            throw new ConfigException(List.of(source + ": cannot read: " + readFailure(e)));
        }
    }

    private static String readFailure(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not valid UTF-8";
        }
        return e.getMessage();
    }

    private TerminalConfig read(TomlParseResult document) throws ConfigException {
        // After a syntax error tomlj's tables are incomplete: checking them would only add noise.
        document.errors().forEach(problems::addSyntaxError);
        problems.throwIfAny();

        TableReader root = TableReader.root(document, problems);
        // A file for a newer release may use keys this one does not know: one clear message, not a list of those.
        root.orDefault("config_version", INTEGER, Values.configVersion(ConfigVersions.CURRENT),
                ConfigVersions.UNSTATED);
        problems.throwIfAny();
        Terminal terminal = terminal(root.table("terminal"));
        Health health = health(root.table("health"));
        Mqtt mqtt = mqtt(root.table("mqtt"));
        Gpio gpio = gpio(root.table("gpio"));
        Privacy privacy = privacy(root.table("privacy"));
        Decision decision = decision(root.table("decision"));
        TerminalConfig.Ledger ledger = ledger(root.table("ledger"));
        var riskList = riskList(root);
        var signed = signed(root);
        var sms = sms(root);
        List<CodeProfile> profiles = root.arrayOfTables("profile").stream().map(this::profile).toList();
        // Before the lanes, where the shipped file has them: a pin clash names the input as the first user.
        Inputs inputs = hardware.inputs(root.table("inputs"));
        List<TableReader> laneTables = root.arrayOfTables("lane");
        List<Lane> lanes = laneTables.stream().map(hardware::lane).toList();
        TerminalConfig.Voice voice = VoiceSection.read(root, path, gpio);
        var enrollment = enrollment(root, terminal, laneTables, lanes);
        TerminalConfig config = new TerminalConfig(source, terminal, health, mqtt, gpio, privacy, decision, ledger,
                riskList, signed, sms, profiles, lanes, inputs, voice, enrollment);
        root.rejectUnknownKeysInTree();
        problems.throwIfAny();
        return config;
    }

    private Terminal terminal(TableReader terminal) {
        return new Terminal(
                terminal.required("id", STRING, Values::topicLevel),
                terminal.required("county", STRING, Values::divisionCode),
                terminal.required("venue_id", STRING, Values::topicLevel),
                terminal.required("data_dir", STRING, path),
                terminal.orDefault("mode", STRING, Values.oneOf(MODES), Mode.STRICT),
                terminal.optional("venue_name", STRING, Values.text(1, 64)),
                terminal.orDefault("time_zone", STRING, Values::zone, Terminal.DEFAULT_ZONE));
    }

    /**
     * {@code [venue]} and {@code [enrollment]} go together: a venue applies through its terminal, and the answer is
     * worth nothing without the county's key to check it.
     */
    private Optional<TerminalConfig.Enrollment> enrollment(TableReader root, Terminal terminal,
                                                           List<TableReader> laneTables, List<Lane> lanes) {
        if (!root.has("venue") && !root.has("enrollment")) {
            return Optional.empty();
        }
        TableReader venue = root.table("venue");
        TableReader enrollment = root.table("enrollment");
        String county = terminal.county();
        var record = new VenueRecord(
                venue.required("name", STRING, venueField(VenueRecord::name)),
                venue.required("category", STRING, venueField(VenueRecord::category)),
                venue.required("division", STRING, venueField(raw -> VenueRecord.division(raw, county))),
                venue.required("address", STRING, venueField(VenueRecord::address)),
                venue.required("lat", NUMBER, venueField(raw -> VenueRecord.latitude(raw.doubleValue()))),
                venue.required("lon", NUMBER, venueField(raw -> VenueRecord.longitude(raw.doubleValue()))),
                venue.required("admin_name", STRING, venueField(VenueRecord::adminName)),
                venue.required("admin_mobile", STRING, venueField(VenueRecord::adminMobile)));
        var countyKey = enrollment.required("county_key", STRING, Values::ed25519PublicKey);
        var deviceKey = enrollment.orDefault("device_key", STRING, path, source.getParent().resolve("device.key"));
        for (int i = 0; i < lanes.size() && i < laneTables.size(); i++) {
            String entrance = lanes.get(i).entrance();
            if (entrance != null) {
                try {
                    VenueRecord.entrance(entrance);
                } catch (IllegalArgumentException e) {
                    laneTables.get(i).problem("entrance", e.getMessage() + " (an entrance's name is on its poster)");
                }
            }
        }
        return Optional.of(new TerminalConfig.Enrollment(record, countyKey, deviceKey));
    }

    private static <R, T> Converter<R, T> venueField(java.util.function.Function<R, T> check) {
        return raw -> {
            try {
                return check.apply(raw);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException(e.getMessage());
            }
        };
    }

    private Health health(TableReader health) {
        var url = health.required("url", STRING, Values::httpUrl);
        var tokenFile = health.optional("token_file", STRING, path);
        var caFile = health.optional("ca_file", STRING, path);
        if (caFile.isPresent() && url != null && !"https".equals(url.getScheme())) {
            health.problem("ca_file", "allowed only with an https url, url is " + Values.show(url.toString()));
        }
        // The request carries the token and the scanned text, which may hold an ID number: in clear text only
        // where it cannot leave the machine (a stand-in or a local proxy that adds TLS).
        if (tokenFile.isPresent() && url != null && "http".equalsIgnoreCase(url.getScheme()) && !Values.isLoopback(url)) {
            health.problem("token_file", "allowed with an http url only on loopback (127.0.0.0/8, ::1, localhost): "
                    + "the token and the scanned code would cross the network unencrypted; use https, url is "
                    + Values.show(url.toString()));
        }
        return new Health(url, tokenFile, caFile,
                health.orDefault("budget_ms", INTEGER, Values.range(10, 10_000), Health.DEFAULT_BUDGET_MS),
                health.orDefault("strategy", STRING, Values.oneOf(STRATEGIES), Strategy.ONLINE_FIRST),
                cacheTtl(health),
                health.orDefault("cache_max_entries", INTEGER, Values.range(100, 10_000_000), 100_000),
                health.orDefault("breaker_failures", INTEGER, Values.range(1, 100), 3),
                seconds(health, "breaker_probe_s", 1, 3600, 5),
                seconds(health, "breaker_probe_max_s", 1, 3600, 60),
                seconds(health, "stale_after_s", 10, 30 * 86_400, 600));
    }

    /** One time to live for every colour, unless a colour has its own. */
    private static CacheTtl cacheTtl(TableReader health) {
        Duration all = seconds(health, "cache_ttl_s", 1, 604_800, 3600);
        return new CacheTtl(ttlFor(health, "green", all), ttlFor(health, "yellow", all), ttlFor(health, "red", all));
    }

    private static Duration ttlFor(TableReader health, String colour, Duration fallback) {
        return health.optional("cache_ttl_" + colour + "_s", INTEGER, Values.range(1, 604_800))
                .map(Duration::ofSeconds).orElse(fallback);
    }

    private static Duration seconds(TableReader table, String key, int min, int max, int defaultSeconds) {
        return Duration.ofSeconds(table.orDefault(key, INTEGER, Values.range(min, max), defaultSeconds));
    }

    /** Optional as a whole: a terminal of a county without a risk list has no {@code [risklist]} table. */
    private Optional<TerminalConfig.RiskList> riskList(TableReader root) {
        if (!root.has("risklist")) {
            return Optional.empty();
        }
        TableReader list = root.table("risklist");
        var key = list.required("public_key", STRING, Values::ed25519PublicKey);
        var keyFile = list.required("key_file", STRING, path);
        int epoch = list.orDefault("key_epoch", INTEGER, Values.range(0, Integer.MAX_VALUE), 1);
        var staleAfter = seconds(list, "stale_after_s", 60, 30 * 86_400, 7200);
        int maxEntries = list.orDefault("max_entries", INTEGER, Values.range(100, 1_000_000), 50_000);
        return Optional.of(new TerminalConfig.RiskList(key, keyFile, epoch, staleAfter, maxEntries));
    }

    private Mqtt mqtt(TableReader mqtt) {
        var url = mqtt.required("url", STRING, Values::mqttUrl);
        var config = new Mqtt(url,
                mqtt.orDefault("topic_root", STRING, Values::topicRoot, "onedoor/v1"),
                mqtt.optional("username", STRING, Values::nonEmpty),
                mqtt.optional("password_file", STRING, path),
                mqtt.orDefault("inflight_window", INTEGER, Values.range(1, 1000), 32),
                mqtt.orDefault("max_rate", INTEGER, Values.range(0, 100_000), 200),
                mqtt.optional("ca_file", STRING, path),
                mqtt.optional("client_cert_file", STRING, path),
                mqtt.optional("client_key_file", STRING, path),
                mqtt.orDefault("keep_alive_s", INTEGER, Values.range(5, 3600), 30),
                seconds(mqtt, "status_interval_s", 5, 3600, 60),
                mqtt.flag("ha_discovery", false),
                mqtt.optional("command_public_key", STRING, Values::ed25519PublicKey));
        boolean tls = url != null && Set.of("ssl", "mqtts").contains(url.getScheme());
        for (String key : List.of("ca_file", "client_cert_file", "client_key_file")) {
            if (!tls && mqtt.has(key)) {
                mqtt.problem(key, "allowed only with an ssl:// or mqtts:// url");
            }
        }
        if (config.clientCertFile().isPresent() != config.clientKeyFile().isPresent()) {
            mqtt.problem(config.clientCertFile().isPresent() ? "client_key_file" : "client_cert_file",
                    "client_cert_file and client_key_file go together");
        }
        return config;
    }

    private TerminalConfig.Ledger ledger(TableReader ledger) {
        return new TerminalConfig.Ledger(
                ledger.orDefault("durability", STRING, Values.oneOf(DURABILITIES), Durability.POWER_SAFE),
                ledger.orDefault("retention_days", INTEGER, Values.range(1, 3650), 28),
                ledger.orDefault("max_size_mb", INTEGER, Values.range(0, 1_000_000), 0),
                ledger.orDefault("on_write_failure", STRING, Values.oneOf(WRITE_FAILURE_POLICIES),
                        WriteFailurePolicy.KEEP_DECIDING));
    }

    private Gpio gpio(TableReader gpio) {
        Gpio config = new Gpio(gpio.orDefault("provider", STRING, Values.oneOf(GPIO_PROVIDERS), GpioProvider.GPIOD),
                gpio.optional("trace_file", STRING, path));
        // An invalid provider is reported already; a second message about it would only mislead.
        if (config.traceFile().isPresent() && !gpio.hasProblem("provider") && !config.simulated()) {
            gpio.problem("trace_file", "allowed only with provider \"simulated\", provider is "
                    + Values.show(config.provider().configName()));
        }
        return config;
    }

    private Optional<TerminalConfig.Signed> signed(TableReader root) {
        if (!root.has("signed")) {
            return Optional.empty();
        }
        TableReader signed = root.table("signed");
        return Optional.of(new TerminalConfig.Signed(
                signed.required("trust_list", STRING, path),
                signed.required("trust_public_key", STRING, Values::ed25519PublicKey),
                seconds(signed, "trust_max_age_s", 3600, 365 * 86_400, 7 * 86_400),
                seconds(signed, "trust_poll_s", 1, 3600, 5),
                signed.orDefault("accept", ARRAY, Values.subsetOf(CERTIFICATE_TYPES),
                        Set.copyOf(CERTIFICATE_TYPES.values())),
                Duration.ofHours(signed.orDefault("test_max_age_h", INTEGER, Values.range(1, 720), 72)),
                signed.flag("complete_doses_only", true),
                signed.flag("recovery_within_validity", true)));
    }

    private Optional<TerminalConfig.Sms> sms(TableReader root) {
        if (!root.has("sms")) {
            return Optional.empty();
        }
        TableReader sms = root.table("sms");
        String port = sms.required("port", STRING, Values::nonEmpty);
        hardware.claimPort(sms, "port", port);
        return Optional.of(new TerminalConfig.Sms(port,
                sms.orDefault("baud", INTEGER, Values.oneOf(HardwareSections.BAUD_RATES), 115_200),
                sms.required("numbers", ARRAY, Values::mobileNumbers),
                sms.orDefault("types", ARRAY, Values::alertTypes, java.util.Set.of("red_code", "yellow_code")),
                sms.orDefault("max_per_hour", INTEGER, Values.range(1, 1000), 10),
                sms.orDefault("attempts", INTEGER, Values.range(1, 10), 3),
                seconds(sms, "first_retry_s", 1, 600, 10),
                sms.orDefault("queue", INTEGER, Values.range(1, 1000), 32)));
    }

    private Privacy privacy(TableReader privacy) {
        return new Privacy(privacy.required("key_file", STRING, path));
    }

    private Decision decision(TableReader decision) {
        return new Decision(Duration.ofMillis(
                decision.orDefault("duplicate_window_ms", INTEGER, Values.range(0, 600_000), 3000)),
                seconds(decision, "lenient_max_age_s", 60, 30 * 86_400,
                        (int) Decision.DEFAULT_LENIENT_MAX_AGE.toSeconds()),
                Duration.ofMillis(decision.orDefault("passage_window_ms", INTEGER, Values.range(500, 600_000),
                        (int) Decision.DEFAULT_PASSAGE_WINDOW.toMillis())));
    }

    private CodeProfile profile(TableReader profile) {
        String name = profile.required("name", STRING, Values::topicLevel);
        requireUnique(profileNameUsers, profile, "name", name);
        Pattern pattern = profile.required("pattern", STRING, Values::regex);
        return new CodeProfile(name, pattern);
    }

    /** Reports {@code key} if another key already used {@code value}; null (already reported) is skipped. */
    static <V> void requireUnique(Map<V, String> firstUsers, TableReader table, String key, V value) {
        if (value == null) {
            return;
        }
        String firstUser = firstUsers.putIfAbsent(value, table.keyPath(key));
        if (firstUser != null) {
            table.problem(key, Values.show(value) + " is already used by " + firstUser);
        }
    }

    static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
