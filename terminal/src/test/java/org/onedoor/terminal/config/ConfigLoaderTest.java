package org.onedoor.terminal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.onedoor.drivers.serial.Framing;
import org.onedoor.drivers.serial.Gm65Profile;
import org.onedoor.terminal.decision.Direction;
import org.onedoor.terminal.config.TerminalConfig.Lane;
import org.onedoor.terminal.config.TerminalConfig.Leds;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.lane.WriteFailurePolicy;
import org.onedoor.terminal.recognition.CodeProfile;
import org.onedoor.terminal.recognition.TextEncoding;
import org.onedoor.terminal.status.CacheTtl;
import org.onedoor.terminal.status.Strategy;

class ConfigLoaderTest {

    /** A valid configuration with required keys only, one section per entry. */
    private static final Map<String, String> MINIMAL = new LinkedHashMap<>();

    static {
        MINIMAL.put("terminal", """
                [terminal]
                id = "t-0001"
                county = "430124"
                venue_id = "xiangjiang-market"
                data_dir = "data"
                """);
        MINIMAL.put("health", """
                [health]
                url = "https://verify.example.gov.cn"
                """);
        MINIMAL.put("mqtt", """
                [mqtt]
                url = "ssl://mqtt.example.gov.cn:8883"
                """);
        MINIMAL.put("privacy", """
                [privacy]
                key_file = "pseudonym.key"
                """);
        MINIMAL.put("profile", """
                [[profile]]
                name = "staff-badge"
                pattern = '^ODB1:(?<subject>[0-9]{17}[0-9X])$'
                """);
        MINIMAL.put("lane", """
                [[lane]]
                name = "east"
                entrance = "东门"
                scanner.port = "/dev/ttyUSB0"
                relay.pin = 17
                """);
    }

    @TempDir
    Path dir;

    @Test
    void minimalConfigGetsDefaults() throws Exception {
        TerminalConfig config = ConfigLoader.load(write(""));

        assertEquals(Mode.STRICT, config.terminal().mode());
        assertEquals(Optional.empty(), config.health().tokenFile());
        assertEquals(300, config.health().budgetMs());
        assertEquals(CacheTtl.all(Duration.ofHours(1)), config.health().cacheTtl());
        assertEquals(Strategy.ONLINE_FIRST, config.health().strategy());
        assertEquals(Optional.empty(), config.health().caFile());
        assertEquals(Optional.empty(), config.riskList());
        assertEquals(Duration.ofHours(24), config.decision().lenientMaxAge());
        assertEquals("onedoor/v1", config.mqtt().topicRoot());
        assertEquals(Optional.empty(), config.mqtt().username());
        assertEquals(Optional.empty(), config.mqtt().passwordFile());
        assertEquals("gpiod", config.gpio().provider().configName());
        assertEquals(Optional.empty(), config.gpio().traceFile());
        assertEquals(Duration.ofMillis(3000), config.decision().duplicateWindow());
        Lane lane = config.lanes().get(0);
        assertEquals(Direction.ENTRY, lane.direction());
        assertEquals(9600, lane.scanner().baud());
        assertEquals(Framing.CR, lane.scanner().framing());
        assertEquals(50, lane.scanner().idleMs());
        assertEquals(2048, lane.scanner().maxFrameBytes());
        assertEquals(TextEncoding.UTF_8, lane.scanner().charset());
        assertEquals(Optional.empty(), lane.scanner().gm65(), "profile generic");
        assertEquals(300, lane.relay().pulseMs());
        assertEquals(false, lane.relay().activeLow());
        assertEquals(new Leds(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false),
                lane.led());
    }

    @Test
    void minimalConfigKeepsItsValues() throws Exception {
        TerminalConfig config = ConfigLoader.load(write(""));

        assertEquals(dir.resolve("onedoor.toml"), config.source());
        assertEquals("t-0001", config.terminal().id());
        assertEquals("430124", config.terminal().county());
        assertEquals("xiangjiang-market", config.terminal().venue());
        assertEquals(URI.create("https://verify.example.gov.cn"), config.health().url());
        assertEquals(URI.create("ssl://mqtt.example.gov.cn:8883"), config.mqtt().url());
        assertEquals("staff-badge", config.profiles().get(0).name());
        Lane lane = config.lanes().get(0);
        assertEquals("east", lane.name());
        assertEquals("东门", lane.entrance());
        assertEquals("/dev/ttyUSB0", lane.scanner().port());
        assertEquals(17, lane.relay().pin());
    }

    @Test
    void shippedExampleIsValid() throws Exception {
        TerminalConfig config = ConfigLoader.load(Path.of("../config/onedoor.toml"));

        assertEquals("t-0001", config.terminal().id());
        assertEquals(Path.of("/var/lib/onedoor"), config.terminal().dataDir());
        assertEquals(List.of("east", "east-exit"), config.lanes().stream().map(Lane::name).toList());
        assertEquals("东门", config.lanes().get(0).entrance());
        assertEquals(Direction.EXIT, config.lanes().get(1).direction());
        assertTrue(config.lanes().get(0).scanner().gm65().isPresent(), "east has a GM65 module");
        assertEquals(List.of(false, true),
                config.profiles().stream().map(CodeProfile::hasSubject).toList());
        Matcher badge = config.profiles().get(1).pattern().matcher("ODB1:43012419900101123X");
        assertTrue(badge.matches());
        assertEquals("43012419900101123X", badge.group("subject"));
        assertTrue(config.profiles().get(0).pattern()
                .matcher("https://hc.example.gov.cn/c/AbCdEfGh12345678_-xy?lang=zh").matches());
    }

    @Test
    void subTablesMayBeDottedKeysOrTables() throws Exception {
        TerminalConfig config = ConfigLoader.load(write("""
                [[lane]]
                name = "east"
                entrance = "东门"
                scanner.port = "/dev/ttyUSB0"
                scanner.framing = "crlf"
                relay.pin = 17
                led.green = 22

                [[lane]]
                name = "west"
                entrance = "西门"
                [lane.scanner]
                port = "/dev/ttyUSB1"
                framing = "crlf"
                [lane.relay]
                pin = 18
                [lane.led]
                green = 23
                """, "lane"));

        Lane dotted = config.lanes().get(0);
        Lane tables = config.lanes().get(1);
        assertEquals(Framing.CRLF, dotted.scanner().framing());
        assertEquals(Framing.CRLF, tables.scanner().framing());
        assertEquals("/dev/ttyUSB1", tables.scanner().port());
        assertEquals(18, tables.relay().pin());
        assertEquals(Optional.of(22), dotted.led().green());
        assertEquals(Optional.of(23), tables.led().green());
    }

    @Test
    void scannerFramingCharsetAndGm65KeysAreRead() throws Exception {
        TerminalConfig config = ConfigLoader.load(write("""
                [[lane]]
                name = "east"
                entrance = "东门"
                scanner.port = "/dev/serial/by-id/usb-GM65"
                scanner.framing = "idle"
                scanner.idle_ms = 20
                scanner.max_frame_bytes = 4096
                scanner.charset = "auto"
                scanner.profile = "gm65"
                scanner.mode = "sensor"
                scanner.same_code_delay_ms = 1500
                scanner.beep = false
                scanner.signal_refusal = false
                relay.pin = 17

                [[lane]]
                name = "west"
                entrance = "西门"
                scanner.port = "/dev/ttyAMA0"
                scanner.framing = "length"
                scanner.charset = "gbk"
                scanner.profile = "gm65"
                relay.pin = 18
                """, "lane"));

        TerminalConfig.Scanner east = config.lanes().get(0).scanner();
        assertEquals(Framing.IDLE, east.framing());
        assertEquals(20, east.idleMs());
        assertEquals(4096, east.maxFrameBytes());
        assertEquals(TextEncoding.AUTO, east.charset());
        assertEquals(Optional.of(new TerminalConfig.Gm65(Gm65Profile.Mode.SENSOR, 1500, false, false)), east.gm65());
        TerminalConfig.Scanner west = config.lanes().get(1).scanner();
        assertEquals(Framing.LENGTH, west.framing());
        assertEquals(TextEncoding.GBK, west.charset());
        assertEquals(Optional.of(new TerminalConfig.Gm65(Gm65Profile.Mode.CONTINUOUS, 1000, true, true)), west.gm65());
    }

    @Test
    void gm65KeysWithTheGenericProfileAreNamed() {
        assertEquals(List.of("onedoor.toml:5: lane[0].scanner.mode: allowed only with profile \"gm65\", "
                                + "profile is \"generic\"",
                        "onedoor.toml:6: lane[0].scanner.beep: allowed only with profile \"gm65\", "
                                + "profile is \"generic\""),
                problemsOf("""
                        [[lane]]
                        name = "east"
                        entrance = "东门"
                        scanner.port = "/dev/ttyUSB0"
                        scanner.mode = "sensor"
                        scanner.beep = false
                        relay.pin = 17
                        """, "lane"));
    }

    @Test
    void badScannerValuesAreNamed() {
        assertEquals(List.of("onedoor.toml:5: lane[0].scanner.framing: must be one of \"cr\", \"lf\", \"crlf\", "
                                + "\"any-eol\", \"idle\", \"length\", got \"tab\"",
                        "onedoor.toml:6: lane[0].scanner.idle_ms: must be between 5 and 1000, got 2",
                        "onedoor.toml:7: lane[0].scanner.max_frame_bytes: must be between 64 and 65536, got 70000",
                        "onedoor.toml:8: lane[0].scanner.charset: must be one of \"utf-8\", \"gbk\", \"auto\", "
                                + "got \"latin1\"",
                        "onedoor.toml:9: lane[0].scanner.profile: must be one of \"generic\", \"gm65\", "
                                + "got \"honeywell\""),
                problemsOf("""
                        [[lane]]
                        name = "east"
                        entrance = "东门"
                        scanner.port = "/dev/ttyUSB0"
                        scanner.framing = "tab"
                        scanner.idle_ms = 2
                        scanner.max_frame_bytes = 70000
                        scanner.charset = "latin1"
                        scanner.profile = "honeywell"
                        scanner.beep = true
                        relay.pin = 17
                        """, "lane"));
    }

    @Test
    void badGm65ValuesAreNamed() {
        assertEquals(List.of("onedoor.toml:6: lane[0].scanner.mode: must be one of \"continuous\", \"sensor\", "
                                + "got \"manual\"",
                        "onedoor.toml:7: lane[0].scanner.same_code_delay_ms: must be a multiple of 100, got 150",
                        "onedoor.toml:8: lane[0].scanner.signal_refusal: must be a boolean, got \"yes\""),
                problemsOf("""
                        [[lane]]
                        name = "east"
                        entrance = "东门"
                        scanner.port = "/dev/ttyUSB0"
                        scanner.profile = "gm65"
                        scanner.mode = "manual"
                        scanner.same_code_delay_ms = 150
                        scanner.signal_refusal = "yes"
                        relay.pin = 17
                        """, "lane"));
    }

    @Test
    void relativePathsResolveAgainstTheFilesDirectory() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Path file = Files.writeString(etc.resolve("onedoor.toml"), """
                [gpio]
                provider = "simulated"
                trace_file = "trace/gpio.log"
                [health]
                url = "https://verify.example.gov.cn"
                token_file = "/etc/onedoor/health.token"
                """ + minimalWithout("health", "gpio"));

        TerminalConfig config = ConfigLoader.load(file);

        assertEquals(etc.resolve("data"), config.terminal().dataDir());
        assertEquals(etc.resolve("pseudonym.key"), config.privacy().keyFile());
        assertEquals(Optional.of(etc.resolve("trace/gpio.log")), config.gpio().traceFile());
        assertEquals(Optional.of(Path.of("/etc/onedoor/health.token")), config.health().tokenFile());
    }

    @Test
    void unknownKeyIsNamed() {
        List<String> problems = problemsOf("""
                [[lane]]
                name = "east"
                entrance = "东门"
                scanner.port = "/dev/ttyUSB0"
                relay.pin = 17
                relay.pulse = 300
                """, "lane");

        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("onedoor.toml:6: lane[0].relay.pulse: unknown key"), problems.get(0));
    }

    @Test
    void wrongTypeIsNamed() {
        assertEquals(List.of("onedoor.toml:3: health.budget_ms: must be an integer, got \"300\""), problemsOf("""
                [health]
                url = "https://verify.example.gov.cn"
                budget_ms = "300"
                """, "health"));
    }

    @Test
    void missingKeyIsReportedAtItsTable() {
        assertEquals(List.of("onedoor.toml:2: terminal.county: missing required key"), problemsOf("""
                # Where the terminal stands.
                [terminal]
                id = "t-0001"
                venue_id = "xiangjiang-market"
                data_dir = "data"
                """, "terminal"));
    }

    @Test
    void missingTableIsReportedAtLineOne() {
        assertEquals(List.of("onedoor.toml:1: privacy.key_file: missing required key",
                        "onedoor.toml:1: lane: missing required key (at least one [[lane]])"),
                problemsOf("", "privacy", "lane"));
    }

    @Test
    void outOfRangeValueIsNamed() {
        assertEquals(List.of("onedoor.toml:3: terminal.county: must be a 6-digit division code, got \"43012\"",
                        "onedoor.toml:12: lane[0].relay.pulse_ms: must be between 50 and 5000, got 10",
                        "onedoor.toml:13: lane[0].led.red: must be a BCM pin number between 2 and 27, got 28"),
                problemsOf("""
                        [terminal]
                        id = "t-0001"
                        county = "43012"
                        venue_id = "xiangjiang-market"
                        data_dir = "data"
                        [[lane]]
                        name = "east"
                        entrance = "东门"
                        scanner.port = "/dev/ttyUSB0"
                        scanner.baud = 9600
                        relay.pin = 17
                        relay.pulse_ms = 10
                        led.red = 28
                        """, "terminal", "lane"));
    }

    @Test
    void duplicateLaneNameNamesBothKeys() {
        assertEquals(List.of("onedoor.toml:7: lane[1].name: \"east\" is already used by lane[0].name"), problemsOf("""
                [[lane]]
                name = "east"
                entrance = "东门"
                scanner.port = "/dev/ttyUSB0"
                relay.pin = 17
                [[lane]]
                name = "east"
                entrance = "东门"
                scanner.port = "/dev/ttyUSB1"
                relay.pin = 18
                """, "lane"));
    }

    @Test
    void duplicatePinNamesBothKeys() {
        assertEquals(List.of("onedoor.toml:14: lane[1].led.green: 17 is already used by lane[0].relay.pin"),
                problemsOf("""
                        [[lane]]
                        name = "east"
                        entrance = "东门"
                        scanner.port = "/dev/ttyUSB0"
                        relay.pin = 17
                        [[lane]]
                        name = "west"
                        entrance = "西门"
                        [lane.scanner]
                        port = "/dev/ttyUSB1"
                        [lane.relay]
                        pin = 18
                        [lane.led]
                        green = 17
                        """, "lane"));
    }

    @Test
    void duplicateScannerPortNamesBothKeys() {
        assertEquals(List.of("onedoor.toml:9: lane[1].scanner.port: \"/dev/ttyUSB0\" is already used by "
                        + "lane[0].scanner.port"),
                problemsOf("""
                        [[lane]]
                        name = "east"
                        entrance = "东门"
                        scanner.port = "/dev/ttyUSB0"
                        relay.pin = 17
                        [[lane]]
                        name = "west"
                        entrance = "西门"
                        scanner.port = "/dev/ttyUSB0"
                        relay.pin = 18
                        """, "lane"));
    }

    @Test
    void topicLevelsAllowOnlyLettersDigitsDashAndUnderscore() {
        assertEquals(List.of("onedoor.toml:4: terminal.venue_id: must be 1 to 64 letters, digits, '-' or '_' "
                                + "(it is an MQTT topic level), got \"xiangjiang market\"",
                        "onedoor.toml:8: mqtt.topic_root: must be MQTT topic levels of 1 to 64 letters, digits, "
                                + "'-' or '_' joined by '/', without wildcards or a leading or trailing '/', "
                                + "got \"onedoor/#\""),
                problemsOf("""
                        [terminal]
                        id = "t-0001"
                        county = "430124"
                        venue_id = "xiangjiang market"
                        data_dir = "data"
                        [mqtt]
                        url = "ssl://mqtt.example.gov.cn:8883"
                        topic_root = "onedoor/#"
                        """, "terminal", "mqtt"));
    }

    @Test
    void invalidRegexShowsItsOwnMessage() {
        assertEquals(List.of("onedoor.toml:3: profile[0].pattern: invalid regular expression: "
                        + "Unclosed group near index 11"),
                problemsOf("""
                        [[profile]]
                        name = "staff-badge"
                        pattern = '^ODB1:(\\d+$'
                        """, "profile"));
    }

    @Test
    void traceFileNeedsTheSimulatedProvider() {
        assertEquals(List.of("onedoor.toml:2: gpio.trace_file: allowed only with provider \"simulated\", "
                        + "provider is \"gpiod\""),
                problemsOf("""
                        [gpio]
                        trace_file = "gpio.log"
                        """));
    }

    @Test
    void urlsNeedTheirSchemeAndHost() {
        assertEquals(List.of("onedoor.toml:2: health.url: must be an http or https URL with a host, "
                                + "got \"ftp://verify.example.gov.cn\"",
                        "onedoor.toml:4: mqtt.url: must be tcp://, ssl://, mqtt:// or mqtts:// with a host and a "
                                + "port and nothing after the port, got \"ssl://mqtt.example.gov.cn\""),
                problemsOf("""
                        [health]
                        url = "ftp://verify.example.gov.cn"
                        [mqtt]
                        url = "ssl://mqtt.example.gov.cn"
                        """, "health", "mqtt"));
    }

    @Test
    void syntaxErrorNamesItsLine() {
        assertEquals(List.of("onedoor.toml:4: syntax error at column 1: budget_ms previously defined at line 3, "
                        + "column 1"),
                problemsOf("""
                        [health]
                        url = "https://verify.example.gov.cn"
                        budget_ms = 300
                        budget_ms = 400
                        """, "health"));
    }

    @Test
    void everyProblemIsReportedInFileOrder() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(write("""
                [health]
                url = "https://verify.example.gov.cn"
                budget_ms = 5
                cache_ttl_s = true
                [[lane]]
                name = "east"
                entrance = "东门"
                direction = "in"
                scanner.port = "/dev/ttyUSB0"
                scanner.baud = 9601
                relay.pin = 1
                """, "health", "lane", "privacy")));

        List<String> expected = List.of(
                "onedoor.toml:1: privacy.key_file: missing required key",
                "onedoor.toml:3: health.budget_ms: must be between 10 and 10000, got 5",
                "onedoor.toml:4: health.cache_ttl_s: must be an integer, got true",
                "onedoor.toml:8: lane[0].direction: must be one of \"entry\", \"exit\", got \"in\"",
                "onedoor.toml:10: lane[0].scanner.baud: must be one of 1200, 2400, 4800, 9600, 19200, 38400, "
                        + "57600, 115200, got 9601",
                "onedoor.toml:11: lane[0].relay.pin: must be a BCM pin number between 2 and 27, got 1");
        assertEquals(expected, e.problems());
        assertEquals(String.join("\n", expected), e.getMessage());
    }

    @Test
    void unreadableFileIsNamed() {
        Path missing = dir.resolve("missing.toml");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));

        assertEquals(List.of(missing + ": cannot read: no such file"), e.problems());
    }

    @Test
    void ledgerAndPublishingSettingsHaveSafeDefaultsAndAreChecked() throws Exception {
        TerminalConfig config = ConfigLoader.load(write(""));
        assertEquals(org.onedoor.terminal.ledger.Durability.POWER_SAFE, config.ledger().durability());
        assertEquals(28, config.ledger().retentionDays());
        assertEquals(0, config.ledger().maxSizeMb());
        assertEquals(WriteFailurePolicy.KEEP_DECIDING, config.ledger().onWriteFailure());
        assertEquals(32, config.mqtt().inflightWindow());
        assertEquals(200, config.mqtt().maxRate());

        assertEquals(List.of("onedoor.toml:2: ledger.durability: must be one of \"power-safe\", \"process-safe\", got \"fast\"",
                        "onedoor.toml:3: ledger.retention_days: must be between 1 and 3650, got 0",
                        "onedoor.toml:4: ledger.on_write_failure: must be one of \"keep-deciding\", \"refuse-all\", got \"panic\""),
                problemsOf("""
                        [ledger]
                        durability = "fast"
                        retention_days = 0
                        on_write_failure = "panic"
                        """));
    }

    @Test
    void modesStrategiesTtlsAndTheRiskListAreRead() throws Exception {
        KeyPair county = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String publicKey = Base64.getEncoder().encodeToString(county.getPublic().getEncoded());
        TerminalConfig config = ConfigLoader.load(write("""
                [terminal]
                id = "t-0001"
                county = "430124"
                venue_id = "xiangjiang-market"
                data_dir = "data"
                mode = "record-only"
                [health]
                url = "https://verify.example.gov.cn"
                ca_file = "county-ca.pem"
                strategy = "cache-first"
                cache_ttl_s = 600
                cache_ttl_red_s = 86400
                stale_after_s = 120
                [decision]
                lenient_max_age_s = 3600
                [risklist]
                public_key = "%s"
                key_file = "risklist.key"
                """.formatted(publicKey), "terminal", "health"));

        assertEquals(Mode.RECORD_ONLY, config.terminal().mode());
        assertEquals(Strategy.CACHE_FIRST, config.health().strategy());
        assertEquals(new CacheTtl(Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofDays(1)),
                config.health().cacheTtl());
        assertEquals(Optional.of(dir.resolve("county-ca.pem")), config.health().caFile());
        assertEquals(Duration.ofMinutes(2), config.health().staleAfter());
        assertEquals(Duration.ofHours(1), config.decision().lenientMaxAge());
        TerminalConfig.RiskList list = config.riskList().orElseThrow();
        assertEquals(county.getPublic(), list.publicKey());
        assertEquals(dir.resolve("risklist.key"), list.keyFile());
        assertEquals(Duration.ofHours(2), list.staleAfter());
    }

    @Test
    void badModeStrategyAndRiskListValuesAreNamed() {
        assertEquals(List.of(
                        "onedoor.toml:6: terminal.mode: must be one of \"strict\", \"lenient\", \"record-only\", "
                                + "\"lockdown\", \"emergency-open\", got \"open\"",
                        "onedoor.toml:9: health.strategy: must be one of \"online-first\", \"cache-first\", got \"fast\"",
                        "onedoor.toml:10: health.ca_file: allowed only with an https url, url is \"http://verify.example\"",
                        "onedoor.toml:11: risklist.key_file: missing required key",
                        "onedoor.toml:12: risklist.public_key: must be an Ed25519 public key (base64 of its X.509 form)"),
                problemsOf("""
                        [terminal]
                        id = "t-0001"
                        county = "430124"
                        venue_id = "xiangjiang-market"
                        data_dir = "data"
                        mode = "open"
                        [health]
                        url = "http://verify.example"
                        strategy = "fast"
                        ca_file = "ca.pem"
                        [risklist]
                        public_key = "bm90IGEga2V5"
                        """, "terminal", "health"));
    }

    @Test
    void aBearerTokenOverPlainHttpIsRefusedOffLoopback() {
        for (String host : List.of("verify.example.gov.cn", "10.0.0.5", "128.0.0.1", "127.0.0.1.example.net",
                "localhost.example.net", "[::2]", "[fe80::1]")) {
            assertEquals(List.of("onedoor.toml:3: health.token_file: allowed with an http url only on loopback "
                            + "(127.0.0.0/8, ::1, localhost): the token and the scanned code would cross the network "
                            + "unencrypted; use https, url is \"http://" + host + ":8080\""),
                    problemsOf("""
                            [health]
                            url = "http://%s:8080"
                            token_file = "health.token"
                            """.formatted(host), "health"), host);
        }
    }

    @Test
    void aBearerTokenOverPlainHttpIsAllowedOnLoopbackAndAnyTokenOverHttps() throws Exception {
        for (String url : List.of("http://127.0.0.1:8080", "http://127.45.6.7", "http://localhost:8080",
                "HTTP://LocalHost", "http://[::1]:8080", "https://verify.example.gov.cn")) {
            TerminalConfig config = ConfigLoader.load(write("""
                    [health]
                    url = "%s"
                    token_file = "health.token"
                    """.formatted(url), "health"));
            assertEquals(Optional.of(dir.resolve("health.token")), config.health().tokenFile(), url);
        }
    }

    /** Writes {@code head} first, so its line numbers are the file's, then the minimal sections it does not replace. */
    private Path write(String head, String... replacedSections) throws IOException {
        return Files.writeString(dir.resolve("onedoor.toml"), head + minimalWithout(replacedSections));
    }

    private List<String> problemsOf(String head, String... replacedSections) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(write(head, replacedSections)))
                .problems();
    }

    private static String minimalWithout(String... sections) {
        Set<String> replaced = Set.of(sections);
        StringBuilder toml = new StringBuilder();
        MINIMAL.forEach((name, text) -> {
            if (!replaced.contains(name)) {
                toml.append(text);
            }
        });
        return toml.toString();
    }
}
