package org.onedoor.terminal.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.serial.JsscSerialPortOpener;
import org.onedoor.drivers.testing.Gm65Emulator;
import org.onedoor.drivers.testing.PtyPair;
import org.onedoor.terminal.doctor.Finding.Verdict;
import org.onedoor.terminal.ledger.Durability;
import org.onedoor.terminal.ledger.Ledger;
import org.onedoor.terminal.ledger.LedgerSettings;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.TomlFixture;

/**
 * The doctor against real parts: scanners on socat pseudo-terminals (one a GM65 emulator), a real
 * Mosquitto, the stand-in health service on 127.0.0.1, a real SQLite ledger, simulated GPIO.
 */
class DoctorTest {
    @TempDir
    Path dir;

    private PtyPair gm65Port;
    private PtyPair genericPort;
    private Gm65Emulator module;
    private MosquittoBroker broker;
    private StandInHealthService health;

    @BeforeEach
    void startParts() throws IOException {
        gm65Port = PtyPair.open(Files.createDirectories(dir.resolve("pty-east")));
        genericPort = PtyPair.open(Files.createDirectories(dir.resolve("pty-west")));
        module = Gm65Emulator.start(gm65Port);
        broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY).start();
        health = new StandInHealthService(0, Optional.empty());
        health.start();
        Pseudonymizer.writeNewKey(dir.resolve("pseudonym.key"));
        try (Ledger ledger = Ledger.open(dir.resolve("data"), new LedgerSettings(Durability.PROCESS_SAFE,
                Duration.ofDays(28), 0), Clock.systemUTC(), () -> true, Map.of("terminal", "t-1"))) {
            ledger.flush();
        }
    }

    @AfterEach
    void stopParts() throws InterruptedException {
        module.close();
        gm65Port.close();
        genericPort.close();
        broker.close();
        health.close();
    }

    @Test
    void passesWhenEverythingIsReachable() throws IOException {
        List<Finding> findings = examine(config(broker.url()));
        print("passing", findings);

        Map<String, Verdict> verdicts = verdicts(findings);
        assertEquals(Verdict.OK, verdicts.get("config"));
        assertEquals(Verdict.OK, verdicts.get("secrets"));
        assertEquals(Verdict.OK, verdicts.get("scanner east"));
        assertTrue(detail(findings, "scanner east").contains("gm65 module answers"));
        assertEquals(Verdict.OK, verdicts.get("scanner west"));
        assertEquals(Verdict.OK, verdicts.get("gpio"));
        assertEquals(Verdict.OK, verdicts.get("broker"));
        assertEquals(Verdict.OK, verdicts.get("health service"));
        assertEquals(Verdict.OK, verdicts.get("ledger"));
        assertTrue(detail(findings, "ledger").contains("intact"));
        assertEquals(Verdict.OK, verdicts.get("status cache"));
        assertFalse(Doctor.anyFailed(findings));
        assertEquals(11, findings.size(), "one line per check");
    }

    @Test
    void failsOnAMissingPortASilentModuleABrokerDownAndACorruptDatabase() throws IOException, SQLException {
        String brokerUrl = broker.url();
        broker.stop();
        module.behave(Gm65Emulator.Behaviour.SILENT);
        corrupt(dir.resolve("data").resolve(Ledger.FILE_NAME));
        Path config = config(brokerUrl).resolveSibling("onedoor.toml");
        Files.writeString(config, Files.readString(config).replace(genericPort.devicePath().toString(),
                dir.resolve("no-such-tty").toString()));

        List<Finding> findings = examine(config);
        print("failing", findings);

        Map<String, Verdict> verdicts = verdicts(findings);
        assertEquals(Verdict.FAIL, verdicts.get("scanner east"));
        assertTrue(detail(findings, "scanner east").contains("no gm65 module answered"));
        assertEquals(Verdict.FAIL, verdicts.get("scanner west"));
        assertTrue(detail(findings, "scanner west").contains("no such device"));
        assertEquals(Verdict.FAIL, verdicts.get("broker"));
        assertTrue(detail(findings, "broker").contains("cannot connect"));
        assertEquals(Verdict.FAIL, verdicts.get("ledger"));
        assertTrue(detail(findings, "ledger").contains("damaged"), detail(findings, "ledger"));
        assertFalse(detail(findings, "ledger").contains("\n"), "one line");
        assertEquals(Verdict.OK, verdicts.get("health service"));
        assertTrue(Doctor.anyFailed(findings));
    }

    @Test
    void failsOnBadBrokerCredentials() throws Exception {
        MosquittoBroker.Password password = new MosquittoBroker.Password("t-1", "right horse battery");
        try (MosquittoBroker guarded = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY, password).start()) {
            Files.writeString(dir.resolve("mqtt.password"), "wrong\n");
            List<Finding> wrong = examine(withCredentials(guarded.url(password)));
            Files.writeString(dir.resolve("mqtt.password"), "right horse battery\n");
            List<Finding> right = examine(withCredentials(guarded.url(password)));
            print("credentials", List.of(wrong.stream().filter(f -> f.check().equals("broker")).findFirst().orElseThrow()));

            assertEquals(Verdict.FAIL, verdicts(wrong).get("broker"));
            assertTrue(detail(wrong, "broker").matches(".*(bad user name or password|not authorised).*"),
                    detail(wrong, "broker"));
            assertFalse(detail(wrong, "broker").contains("wrong"), "the password is never shown");
            assertEquals(Verdict.OK, verdicts(right).get("broker"));
        }
    }

    @Test
    void anInvalidConfigurationIsTheOnlyFinding() throws IOException {
        Path config = dir.resolve("broken.toml");
        Files.writeString(config, "[terminal]\nid = \"t 1\"\n");

        List<Finding> findings = examine(config);

        assertEquals(1, findings.size());
        assertEquals(Verdict.FAIL, findings.get(0).verdict());
        assertTrue(findings.get(0).detail().contains("terminal.id"), findings.get(0).detail());
    }

    @Test
    void aMissingKeyFileFailsTheSecretsCheck() throws IOException {
        Path config = config(broker.url());
        Files.delete(dir.resolve("pseudonym.key"));

        Finding secrets = examine(config).stream().filter(f -> f.check().equals("secrets")).findFirst().orElseThrow();

        assertEquals(Verdict.FAIL, secrets.verdict());
        assertTrue(secrets.detail().contains("no such file"), secrets.detail());
    }

    /** What {@code onedoor run} refuses, doctor must not pass: a key its group may read (an old package's 0640). */
    @Test
    void aKeyItsGroupMayReadFailsTheSecretsCheckAsTheDaemonRefusesIt() throws IOException {
        Path config = config(broker.url());
        Path key = dir.resolve("pseudonym.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));

        Finding secrets = examine(config).stream().filter(f -> f.check().equals("secrets")).findFirst().orElseThrow();

        assertEquals(Verdict.FAIL, secrets.verdict());
        assertTrue(secrets.detail().startsWith("privacy.key_file: " + key) && secrets.detail().contains("rw-r-----")
                && secrets.detail().contains("chmod 600 " + key), secrets.detail());
    }

    @Test
    void gpiodWithoutChipsFails() throws IOException {
        var gpio = new org.onedoor.terminal.config.TerminalConfig.Gpio(org.onedoor.drivers.gpio.GpioProvider.GPIOD, Optional.empty());
        Path dev = Files.createDirectories(dir.resolve("dev"));

        assertEquals(Verdict.FAIL, new GpioCheck(gpio, dev, dir.resolve("export")).run().verdict());
        Files.createFile(dev.resolve("gpiochip0"));
        assertEquals(Verdict.OK, new GpioCheck(gpio, dev, dir.resolve("export")).run().verdict());
    }

    @Test
    void failsWhenTheHealthServiceDoesNotAnswer() throws IOException {
        Path config = config(broker.url());
        health.close();

        List<Finding> findings = examine(config);

        assertEquals(Verdict.FAIL, verdicts(findings).get("health service"));
        assertTrue(detail(findings, "health service").contains("connection refused"),
                detail(findings, "health service"));
        assertTrue(Doctor.anyFailed(findings));
    }

    @Test
    void aModuleAnsweringWithDamagedRepliesFails() throws IOException {
        module.behave(Gm65Emulator.Behaviour.BAD_CRC);

        List<Finding> findings = examine(config(broker.url()));

        assertEquals(Verdict.FAIL, verdicts(findings).get("scanner east"));
        assertTrue(detail(findings, "scanner east").contains("bad CRC"), detail(findings, "scanner east"));
    }

    @Test
    void anUnsynchronisedClockWarnsWithoutFailing() {
        Finding unsynced = new ClockCheck(() -> false).run();
        Finding synced = new ClockCheck(() -> true).run();

        assertEquals(Verdict.WARN, unsynced.verdict());
        assertEquals(Verdict.OK, synced.verdict());
        assertFalse(Doctor.anyFailed(List.of(unsynced, synced)), "a warning is not a failure");
    }

    @Test
    void diskSpaceWarnsThenFailsAsItRunsOut() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        long free = Files.getFileStore(data).getUsableSpace();

        assertEquals(Verdict.OK, new DiskSpaceCheck(data, 0, 0).run().verdict());
        Finding low = new DiskSpaceCheck(data, 0, free + (1L << 30)).run();
        assertEquals(Verdict.WARN, low.verdict());
        assertTrue(low.detail().contains("MiB free of"), low.detail());
        assertEquals(Verdict.FAIL, new DiskSpaceCheck(data, free + (1L << 30), Long.MAX_VALUE).run().verdict());
        assertEquals(Verdict.OK, new DiskSpaceCheck(dir.resolve("data/not-yet"), 0, 0).run().verdict(),
                "a data directory the service has yet to create is measured where it will be");
    }

    private static List<Finding> examine(Path config) {
        return Doctor.examine(config, new JsscSerialPortOpener());
    }

    /** Overwrites the middle of the database's pages, leaving its header: SQLite opens it and finds the damage. */
    private static void corrupt(Path db) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=DELETE");
            s.execute("CREATE TABLE filler (n INTEGER PRIMARY KEY, text TEXT)");
            s.execute("CREATE INDEX filler_text ON filler (text)");
            s.execute("WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 2000) "
                    + "INSERT INTO filler SELECT n, printf('row %08d', n) FROM k");
        }
        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            long pages = file.length() / 4096;
            for (long page = 2; page < pages; page += 3) {
                file.seek(page * 4096 + 100);
                file.write(new byte[64]);
            }
        }
    }

    private Path config(String brokerUrl) {
        return fixture(brokerUrl).write(dir.resolve("onedoor.toml"));
    }

    private Path withCredentials(String brokerUrl) {
        return fixture(brokerUrl).set("mqtt.username", "t-1").set("mqtt.password_file", "mqtt.password")
                .write(dir.resolve("onedoor.toml"));
    }

    private TomlFixture fixture(String brokerUrl) {
        return TomlFixture.minimal().set("health.url", health.baseUrl()).set("health.budget_ms", 300)
                .set("mqtt.url", brokerUrl)
                .lane("east", "东门", "scanner.port", gm65Port.devicePath(), "scanner.profile", "gm65", "relay.pin", 17)
                .lane("west", "西门", "scanner.port", genericPort.devicePath(), "relay.pin", 27);
    }

    private static Map<String, Verdict> verdicts(List<Finding> findings) {
        return findings.stream().collect(Collectors.toMap(Finding::check, Finding::verdict));
    }

    private static String detail(List<Finding> findings, String check) {
        return findings.stream().filter(f -> f.check().equals(check)).findFirst().orElseThrow().detail();
    }

    private static void print(String label, List<Finding> findings) {
        findings.forEach(f -> System.out.println("DoctorTest " + label + ": " + Doctor.line(f)));
    }
}
