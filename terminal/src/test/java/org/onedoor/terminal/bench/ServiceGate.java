package org.onedoor.terminal.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.PtyPair;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.systemd.NotifySocket;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.MqttTestSubscriber;
import org.onedoor.terminal.testing.ProjectFiles;
import org.onedoor.terminal.testing.TomlFixture;

/**
 * One entry lane run as a venue runs it, on this machine: the shipped jar started as {@code /usr/bin/onedoor}
 * starts it ({@code java @jvm.options -jar onedoor.jar run}) with the shipped options, and as the unit does
 * (a notify socket, {@code WatchdogSec=30s}, a runtime directory, its output to a pipe as to the journal);
 * the shipped configuration defaults but for the addresses: a scanner on a socat pty, the stand-in health
 * service and Mosquitto on 127.0.0.1, simulated GPIO without a trace file. Every person is green.
 */
final class ServiceGate implements AutoCloseable {
    static final String TOPIC = "onedoor/v1/430124/bench-venue/t-bench";
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration SCAN_DEADLINE = Duration.ofSeconds(20);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(20);
    /** The unit's {@code WatchdogSec=30s}: the daemon pings every 10 s, as in service. */
    private static final String WATCHDOG_USEC = "30000000";
    static final int RELAY_PIN = 17;
    static final int RED_PIN = 27;

    /** Another build's shaded jar to measure instead of this tree's, e.g. to compare before and after a change. */
    static final String JAR_PROPERTY = "onedoor.bench.jar";

    private final Path dir;
    private final Path jar;
    private final Path jvmOptions;
    private final boolean traced;
    private final Path log;
    private final StandInHealthService service;
    private final MosquittoBroker broker;
    private final PtyPair scanner;
    private final MqttTestSubscriber county;
    private final Path notifyDir;
    private Process daemon;
    private NotifySocket systemd;
    private int scanned;

    ServiceGate(Path dir, int people) throws Exception {
        this(dir, people, false);
    }

    /** @param traced whether the simulated GPIO writes its trace ({@link #trace()}), to time the relay */
    ServiceGate(Path dir, int people, boolean traced) throws Exception {
        this.dir = dir;
        this.traced = traced;
        String other = System.getProperty(JAR_PROPERTY);
        this.jar = other != null ? Path.of(other) : ProjectFiles.repository("terminal/target/onedoor.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the package phase builds it (mvn -pl terminal -am"
                    + " verify -Pbench)");
        }
        this.jvmOptions = ShippedJvmOptions.writeInto(dir, jar);
        this.log = dir.resolve("daemon.log");
        Pseudonymizer.writeNewKey(dir.resolve("pseudonym.key"));
        service = new StandInHealthService(0, Optional.empty());
        for (int i = 0; i < people; i++) {
            service.register(badge(i), HealthStatus.GREEN, "subject-" + i, Duration.ofDays(1));
        }
        service.start();
        broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY).start();
        scanner = PtyPair.open(Files.createDirectories(dir.resolve("pty")));
        county = MqttTestSubscriber.subscribe(broker.url(), TOPIC + "/entry");
        // A Unix socket address holds at most 108 bytes: a short directory, not the work directory.
        notifyDir = Files.createTempDirectory("onedoor-notify");
        writeConfig();
    }

    /** The JVM options file the daemon runs with. */
    Path jvmOptions() {
        return jvmOptions;
    }

    /** The shaded jar measured. */
    Path jar() {
        return jar;
    }

    /** The GPIO trace of a traced gate: the relay is pin {@link #RELAY_PIN}. */
    Path trace() {
        return dir.resolve("gpio-trace.jsonl");
    }

    StandInHealthService service() {
        return service;
    }

    /** Sends person {@code person}'s badge as the scanner would; returns the time right after the write. */
    long sendBadge(int person) throws IOException {
        scanner.write((badge(person) + "\r").getBytes(StandardCharsets.US_ASCII));
        return System.nanoTime();
    }

    /** Starts the daemon and returns the nanoseconds from process start to its {@code READY=1}. */
    long startUntilReady() throws IOException {
        // Bound for the daemon's whole run: it pings the watchdog here until it stops.
        systemd = NotifySocket.atPath(notifyDir);
        long mark = Files.exists(log) ? Files.size(log) : 0;
        long started = System.nanoTime();
        daemon = launch(systemd.address());
        Await.until("READY=1 from the daemon (see " + log + ")", START_DEADLINE,
                () -> systemd.messages().stream().anyMatch(m -> m.lines().anyMatch("READY=1"::equals)));
        long ready = System.nanoTime() - started;
        Await.until("the scanner up (see " + log + ")", START_DEADLINE,
                () -> logSince(mark).contains("lane east: scanner up"));
        return ready;
    }

    long pid() {
        return daemon.pid();
    }

    /** A new green person at the scanner; returns once the county has the entry. */
    void scanNextPerson() throws IOException {
        byte[] frame = (badge(scanned) + "\r").getBytes(StandardCharsets.US_ASCII);
        scanned++;
        scanner.write(frame);
        Await.until("entry " + scanned + " at the county", SCAN_DEADLINE, () -> county.count() >= scanned);
    }

    /** Waits until the daemon has recorded every acknowledgement (it marks them after the county got them). */
    void awaitOutboxEmpty() {
        Await.until("an empty outbox", SCAN_DEADLINE, () -> unpublished() == 0);
    }

    /** SIGTERM, as {@code systemctl stop} sends, and wait. */
    void stopDaemon() throws InterruptedException, IOException {
        if (daemon == null) {
            return;
        }
        try {
            daemon.destroy();
            if (!daemon.waitFor(STOP_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor();
                throw new IllegalStateException("the daemon did not stop within " + STOP_DEADLINE + " (see " + log
                        + ")");
            }
        } finally {
            daemon = null;
            closeNotifySocket();
        }
    }

    private void closeNotifySocket() throws IOException {
        if (systemd != null) {
            systemd.close();
            systemd = null;
        }
    }

    private Process launch(String notifySocket) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "@" + jvmOptions, "-jar", jar.toString(), "run",
                "--config", dir.resolve("onedoor.toml").toString()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("NOTIFY_SOCKET", notifySocket);
        env.put("WATCHDOG_USEC", WATCHDOG_USEC);
        env.put("RUNTIME_DIRECTORY", Files.createDirectories(dir.resolve("run")).toString());
        Process process = builder.start();
        copyToLog(process.getInputStream());
        return process;
    }

    /**
     * The daemon writes its log to a pipe, as to the journal under systemd: those bytes count in its
     * {@code wchar}, not in its {@code write_bytes}. This process copies them to a file.
     */
    private void copyToLog(InputStream output) {
        Thread copier = new Thread(() -> {
            try (output; OutputStream file = Files.newOutputStream(log, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND)) {
                output.transferTo(file);
            } catch (IOException e) {
                // The daemon's end of the pipe closed: nothing more to copy.
            }
        }, "daemon-log");
        copier.setDaemon(true);
        copier.start();
    }

    private String logSince(long offset) {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(offset);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return ""; // not written yet
        }
    }

    /** Read from a read-only connection of this process, so the daemon's own counters do not see it. */
    private long unpublished() {
        String url = "jdbc:sqlite:file:" + dir.resolve("data/ledger.db") + "?mode=ro";
        try (var c = DriverManager.getConnection(url); var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM events WHERE published = 0")) {
            return rs.getLong(1);
        } catch (SQLException e) {
            return -1; // busy for a moment: asked again at the next poll
        }
    }

    private void writeConfig() throws IOException {
        TomlFixture config = TomlFixture.minimal();
        if (traced) {
            config.set("gpio.trace_file", trace().getFileName().toString());
        }
        config.set("terminal.id", "t-bench").set("terminal.venue_id", "bench-venue")
                .set("health.url", "http://127.0.0.1:" + service.port()).set("mqtt.url", broker.url())
                .profile("badge", "^CB:(?<subject>[A-Z0-9]{8,40})$")
                .lane("east", "东门", "scanner.port", scanner.devicePath(), "scanner.baud", 115200, "scanner.framing", "cr",
                        "relay.pin", RELAY_PIN, "led.green", 22, "led.red", RED_PIN, "led.amber", 23, "led.buzzer", 24)
                .write(dir.resolve("onedoor.toml"));
    }

    private static String badge(int person) {
        return String.format("CB:PERSON%06d", person);
    }

    @Override
    public void close() throws Exception {
        try {
            stopDaemon();
        } finally {
            closeNotifySocket();
            county.close();
            scanner.close();
            broker.close();
            service.close();
            Files.deleteIfExists(notifyDir);
        }
    }
}
