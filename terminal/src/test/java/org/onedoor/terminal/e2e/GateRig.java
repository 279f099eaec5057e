package org.onedoor.terminal.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.GpioTrace;
import org.onedoor.drivers.testing.PtyPair;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.DaemonProcess;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.MqttTestSubscriber;

/**
 * A whole gate on this machine: the real daemon in its own JVM, its two scanners on socat
 * pseudo-terminals, a Mosquitto broker and the stand-in health service on 127.0.0.1, simulated GPIO
 * traced to a file. Tests drive it through the same wires a venue would.
 */
final class GateRig implements AutoCloseable {
    static final int EAST_RELAY = 17;
    static final int EAST_GREEN = 22;
    static final int EAST_RED = 27;
    static final int EAST_AMBER = 23;
    static final int EXIT_RELAY = 5;
    static final int PULSE_MS = 300;
    static final String TOKEN = "e2e-token-0b7f";
    static final String TOPIC = "onedoor/v1/430124/e2e-venue/t-e2e";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path trace;
    final Path log;
    final Path dataDir;
    final Path keyFile;
    final StandInHealthService service;
    final MosquittoBroker broker;
    final PtyPair east;
    final PtyPair exit;
    final MqttTestSubscriber subscriber;
    final Path runtimeDir;
    private final long duplicateWindowMs;
    private String mqttKeys;
    private boolean clockSynchronised;
    private final int pulseMs;
    private Process daemon;
    private String notifySocket;
    private String extraToml = "";
    private List<String> jvmOptions = List.of();
    private final Map<String, String> environment = new HashMap<>();
    private final boolean ownsBroker;
    private String venueId = "e2e-venue";
    /** The east lane's ID-card reader's line, once {@link #withIdCardReader} asked for one. */
    PtyPair idCard;
    private int idCardPollMs;
    private String terminalId = "t-e2e";

    GateRig(Path dir, long duplicateWindowMs) throws Exception {
        this(dir, duplicateWindowMs, PULSE_MS);
    }

    GateRig(Path dir, long duplicateWindowMs, int pulseMs) throws Exception {
        this(dir, duplicateWindowMs, pulseMs, new MosquittoBroker.Listener[0]);
    }

    /** A gate whose broker also has {@code listeners}; {@link #subscriber} always uses the plain one. */
    GateRig(Path dir, long duplicateWindowMs, MosquittoBroker.Listener... listeners) throws Exception {
        this(dir, duplicateWindowMs, PULSE_MS, listeners);
    }

    private GateRig(Path dir, long duplicateWindowMs, int pulseMs, MosquittoBroker.Listener... listeners)
            throws Exception {
        this(dir, duplicateWindowMs, pulseMs, new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY, listeners).start(), true);
    }

    /** One of several gates on {@code broker}, which the caller starts and stops; ids as {@link #ids} sets them. */
    GateRig(Path dir, long duplicateWindowMs, MosquittoBroker broker) throws Exception {
        this(dir, duplicateWindowMs, PULSE_MS, broker, false);
    }

    private GateRig(Path dir, long duplicateWindowMs, int pulseMs, MosquittoBroker broker, boolean ownsBroker)
            throws Exception {
        this.dir = dir;
        this.duplicateWindowMs = duplicateWindowMs;
        this.pulseMs = pulseMs;
        this.runtimeDir = dir.resolve("run");
        this.trace = dir.resolve("gpio-trace.jsonl");
        this.log = dir.resolve("daemon.log");
        this.dataDir = dir.resolve("data");
        this.keyFile = dir.resolve("pseudonym.key");
        Pseudonymizer.writeNewKey(keyFile);
        // A secret: the daemon refuses a token file anyone but its owner can read.
        Files.writeString(Files.createFile(dir.resolve("health.token"), java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))), TOKEN + "\n");
        service = new StandInHealthService(0, Optional.of(TOKEN));
        service.start();
        this.broker = broker;
        this.ownsBroker = ownsBroker;
        mqttKeys = "url = \"" + broker.url() + "\"";
        east = PtyPair.open(Files.createDirectories(dir.resolve("pty-east")));
        exit = PtyPair.open(Files.createDirectories(dir.resolve("pty-exit")));
        subscriber = MqttTestSubscriber.subscribe(broker.url(), "onedoor/v1/#");
    }

    /**
     * The {@code [mqtt]} keys of the next start, {@code url} included, in TOML (paths relative to the rig's
     * directory or absolute); by default only the plain listener's url.
     */
    GateRig mqttKeys(String toml) {
        mqttKeys = toml;
        return this;
    }

    /** TOML tables appended to the configuration of the next start, after the lanes (paths as in {@link #mqttKeys}). */
    GateRig extraToml(String toml) {
        extraToml = toml;
        return this;
    }

    /** JVM options added to the next start, e.g. the shipped thread stack size {@code -Xss256k}. */
    GateRig jvmOptions(String... options) {
        jvmOptions = List.of(options);
        return this;
    }

    /** An environment variable of the daemons started from now on, e.g. {@code ALSA_CONFIG_PATH}. */
    GateRig environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** The gate's {@code [terminal] venue_id} and {@code id} from the next start on. */
    GateRig ids(String venue, String terminal) {
        venueId = venue;
        terminalId = terminal;
        return this;
    }

    /** Gives the east lane an ID-card reader on a pty of its own, polled every {@code pollMs}. */
    GateRig withIdCardReader(int pollMs) throws IOException {
        idCard = PtyPair.open(Files.createDirectories(dir.resolve("pty-idcard")));
        idCardPollMs = pollMs;
        return this;
    }

    /** Runs the daemon told that the clock is synchronised, so that signed commands are not refused for it. */
    GateRig clockSynchronised() {
        clockSynchronised = true;
        return this;
    }

    Path writeConfig() throws IOException {
        Path config = dir.resolve("onedoor.toml");
        Files.writeString(config, """
                [terminal]
                id = "%s"
                county = "430124"
                venue_id = "%s"
                data_dir = "data"

                [health]
                url = "http://127.0.0.1:%d"
                token_file = "health.token"
                budget_ms = 1500
                # The breaker has its own tests; here every scan asks the service, as the cases expect.
                breaker_failures = 100

                [mqtt]
                %s

                [gpio]
                provider = "simulated"
                trace_file = "gpio-trace.jsonl"

                [privacy]
                key_file = "pseudonym.key"

                [decision]
                duplicate_window_ms = %d

                [[profile]]
                name = "province-url"
                pattern = '^https://hc\\.example\\.gov\\.cn/c/[A-Za-z0-9_-]{16,128}$'

                [[profile]]
                name = "badge"
                pattern = '^CB:(?<subject>[A-Z0-9]{8,40})$'

                [[lane]]
                name = "east"
                entrance = "东门"
                scanner.port = "%s"
                scanner.baud = 115200
                scanner.framing = "cr"
                relay.pin = %d
                relay.pulse_ms = %d
                relay.active_low = true
                led.green = %d
                led.red = %d
                led.amber = %d
                led.buzzer = 24
                %s
                [[lane]]
                name = "east-exit"
                entrance = "东门出口"
                direction = "exit"
                scanner.port = "%s"
                scanner.framing = "cr"
                relay.pin = %d
                led.green = 6
                led.red = 13
                """.formatted(terminalId, venueId, service.port(), mqttKeys, duplicateWindowMs, east.devicePath(), EAST_RELAY,
                pulseMs, EAST_GREEN, EAST_RED, EAST_AMBER, idCardKeys(), exit.devicePath(), EXIT_RELAY) + extraToml);
        return config;
    }

    private String idCardKeys() {
        return idCard == null ? "" : "idcard.port = \"%s\"\nidcard.poll_ms = %d\n".formatted(idCard.devicePath(),
                idCardPollMs);
    }

    /**
     * Starts the daemon and waits until both scanners are open (and the ID-card reader answers, when there is one). The log is appended to across
     * restarts, so only what this start wrote counts.
     */
    void startDaemon() throws IOException {
        long mark = DaemonProcess.logSize(log);
        daemon = launch(writeConfig());
        DaemonProcess.awaitLog(log, mark, Duration.ofSeconds(30), "lane east: scanner up",
                "lane east-exit: scanner up");
        if (idCard != null) {
            DaemonProcess.awaitLog(log, mark, Duration.ofSeconds(30), "lane east: id-card reader up");
        }
    }

    /** As systemd starts it: with a {@code RUNTIME_DIRECTORY}, where it writes the stop hook's safe-lines file. */
    Process launch(Path config) throws IOException {
        List<String> main = clockSynchronised ? List.of(RunWithSynchronisedClock.class.getName())
                : List.of("org.onedoor.terminal.cli.Main", "run", "--config");
        Map<String, String> environment = new HashMap<>(this.environment);
        environment.put("RUNTIME_DIRECTORY", Files.createDirectories(runtimeDir).toString());
        if (notifySocket != null) {
            environment.put("NOTIFY_SOCKET", notifySocket);
        }
        return DaemonProcess.launch(main, config, log, dir.resolve("tmp"), environment, jvmOptions);
    }

    /** Daemons launched from now on tell their readiness to this socket, as to systemd. */
    void notifyTo(String address) {
        notifySocket = address;
    }

    /** The running daemon's process id, for signals. */
    long pid() {
        return daemon.pid();
    }

    /** Where the log has got to: pass it to {@link #logSince(long)} to read only what came after. */
    long logMark() throws IOException {
        return DaemonProcess.logSize(log);
    }

    void stopDaemon() throws InterruptedException {
        DaemonProcess.stop(daemon);
    }

    /** SIGTERM, as systemd stops the service; the exit status, once it has exited. */
    int terminateDaemon() throws InterruptedException {
        daemon.destroy();
        if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the daemon did not stop within 20 s of SIGTERM");
        }
        return daemon.exitValue();
    }

    boolean daemonRunning() {
        return daemon != null && daemon.isAlive();
    }

    /** SIGKILL (what {@code destroyForcibly} sends on Linux): no shutdown hook, no goodbye, no flush. */
    void killDaemon() throws InterruptedException {
        daemon.destroyForcibly();
        if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("the daemon survived SIGKILL for 20 s");
        }
    }

    String logText() {
        return logSince(0);
    }

    String logSince(long offset) {
        return DaemonProcess.logSince(log, offset);
    }

    void register(String code, HealthStatus status, String subject) {
        service.register(code, status, subject, Duration.ofHours(1));
    }

    static void scan(PtyPair lane, String text) throws IOException {
        scan(lane, text.getBytes(StandardCharsets.UTF_8));
    }

    static void scan(PtyPair lane, byte[] frame) throws IOException {
        byte[] withCr = java.util.Arrays.copyOf(frame, frame.length + 1);
        withCr[frame.length] = '\r';
        lane.write(withCr);
    }

    /** Waits until the ledger holds {@code n} entries. */
    void awaitEntries(int n) {
        Await.until(n + " entries in the ledger", Duration.ofSeconds(20), () -> rows("entry").size() >= n);
    }

    List<Map<String, Object>> rows(String kind) {
        return query("SELECT * FROM events WHERE kind = ? ORDER BY seq", kind);
    }

    /** Every event, entries and alerts, in seq order. */
    List<Map<String, Object>> allRows() {
        return query("SELECT * FROM events ORDER BY seq");
    }

    /** How many times the daemon has opened the ledger: the {@code boot} of its latest start. */
    long boots() {
        List<Map<String, Object>> boot = query("SELECT CAST(value AS INTEGER) AS boot FROM meta WHERE key = 'boot'");
        return boot.isEmpty() ? 0 : ((Number) boot.get(0).get("boot")).longValue();
    }

    private List<Map<String, Object>> query(String sql, Object... args) {
        Path db = dataDir.resolve("ledger.db");
        if (!Files.exists(db)) {
            return List.of();
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             var q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                List<Map<String, Object>> out = new ArrayList<>();
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnName(i), rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            return List.of(); // the daemon may be creating the schema right now
        }
    }

    List<GpioTrace.Event> trace() throws IOException {
        return Files.exists(trace) ? GpioTrace.read(trace) : List.of();
    }

    /** The MQTT messages on {@code …/suffix}, parsed, in arrival order. */
    List<JsonNode> messages(String suffix) {
        List<JsonNode> out = new ArrayList<>();
        for (var m : subscriber.received()) {
            if (m.topic().equals(TOPIC + "/" + suffix)) {
                try {
                    out.add(JSON.readTree(m.payload()));
                } catch (IOException e) {
                    throw new AssertionError("unparseable payload on " + m.topic(), e);
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        stopDaemon();
        subscriber.close();
        east.close();
        exit.close();
        if (idCard != null) {
            idCard.close();
        }
        if (ownsBroker) {
            broker.close();
        }
        service.close();
    }
}
