package org.onedoor.terminal.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.onedoor.drivers.testing.DirectPty;
import org.onedoor.drivers.testing.ScannerFeed;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.testing.DaemonProcess;

/**
 * A gate for benchmarks: the real daemon in its own JVM with {@code lanes} entry lanes, each a scanner on a
 * pseudo-terminal at 115200 baud whose master the benchmark writes ({@link DirectPty}: one hop through the kernel, as
 * from a USB scanner, no socat relaying), a relay (the shortest pulse allowed, 50 ms) and a red lamp, simulated GPIO
 * traced to a file, the ledger on disk with its shipped durability, and publishing to a broker on 127.0.0.1.
 */
final class BenchGate implements AutoCloseable {
    static final String COUNTY = "430124";
    static final int PULSE_MS = 50;
    private static final int FIRST_PIN = 2;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** One lane: where its frames go, and the pins that show its outcome. */
    record Lane(String name, ScannerFeed scanner, int relayPin, int redPin) {
        /** Sends a frame as the scanner would, ended by the CR the lane frames on. */
        void send(byte[] text) throws IOException {
            scanner.write(frame(text));
        }
    }

    final Path dir;
    final Path trace;
    final List<Lane> lanes = new ArrayList<>();
    private final Path log;
    private final Process daemon;

    /**
     * @param health   the {@code [health]} keys beyond url and token (strategy and the like)
     * @param sections further tables ({@code [risklist]}, {@code [signed]}), or empty
     */
    BenchGate(Path dir, int laneCount, int servicePort, String brokerUrl, String health, String sections)
            throws Exception {
        this.dir = dir;
        this.trace = dir.resolve("gpio-trace.jsonl");
        this.log = dir.resolve("daemon.log");
        Pseudonymizer.writeNewKey(dir.resolve("pseudonym.key"));
        for (int i = 0; i < laneCount; i++) {
            String name = String.format("lane-%02d", i + 1);
            lanes.add(new Lane(name, DirectPty.open(Files.createDirectories(dir.resolve("pty-" + name))),
                    FIRST_PIN + i, FIRST_PIN + laneCount + i));
        }
        Path config = writeConfig(servicePort, brokerUrl, health, sections);
        daemon = DaemonProcess.launch(config, log, dir.resolve("tmp"));
        DaemonProcess.awaitLog(log, 0, START_TIMEOUT,
                lanes.stream().map(l -> "lane " + l.name() + ": scanner up").toArray(String[]::new));
    }

    /** The frame a scanner sends for {@code text}: the text and a CR. */
    static byte[] frame(byte[] text) {
        byte[] frame = java.util.Arrays.copyOf(text, text.length + 1);
        frame[text.length] = '\r';
        return frame;
    }

    void awaitLog(String marker) {
        DaemonProcess.awaitLog(log, 0, START_TIMEOUT, marker);
    }

    /** Runs a read-only query on the ledger while the daemon writes it. */
    <T> T ledger(String sql, SqlReader<T> reader) throws SQLException {
        Path db = dir.resolve("data").resolve("ledger.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
             var q = c.createStatement(); ResultSet rs = q.executeQuery(sql)) {
            return reader.read(rs);
        }
    }

    interface SqlReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private Path writeConfig(int servicePort, String brokerUrl, String health, String sections) throws IOException {
        Files.writeString(Files.createFile(dir.resolve("health.token"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), "bench\n");
        StringBuilder toml = new StringBuilder("""
                [terminal]
                id = "t-bench"
                county = "%s"
                venue = "bench"
                data_dir = "data"

                [health]
                url = "http://127.0.0.1:%d"
                token_file = "health.token"
                budget_ms = 1000
                # Every scan may ask the service: the breaker is not what is measured.
                breaker_failures = 100
                %s

                [mqtt]
                url = "%s"
                # Unlimited: the benchmarks measure what the publisher can do, not the shipped rate limit.
                max_rate = 0

                [gpio]
                provider = "simulated"
                trace_file = "gpio-trace.jsonl"

                [privacy]
                key_file = "pseudonym.key"

                [decision]
                duplicate_window_ms = 0

                %s

                [[profile]]
                name = "badge"
                pattern = '^CB:(?<subject>[A-Z0-9]{8,40})$'
                """.formatted(COUNTY, servicePort, health, brokerUrl, sections));
        for (Lane lane : lanes) {
            toml.append("""

                    [[lane]]
                    name = "%s"
                    entrance = "east"
                    scanner.port = "%s"
                    scanner.baud = 115200
                    scanner.framing = "cr"
                    relay.pin = %d
                    relay.pulse_ms = %d
                    led.red = %d
                    """.formatted(lane.name(), lane.scanner().devicePath(), lane.relayPin(), PULSE_MS, lane.redPin()));
        }
        return Files.writeString(dir.resolve("onedoor.toml"), toml, StandardCharsets.UTF_8);
    }

    /**
     * Stops the daemon, which writes the latencies it still holds to the ledger (docs/architecture.md: a row is
     * committed before the relay moves, its latency after).
     */
    void stopDaemon() throws InterruptedException {
        DaemonProcess.stop(daemon);
    }

    @Override
    public void close() throws Exception {
        stopDaemon();
        for (Lane lane : lanes) {
            lane.scanner().close();
        }
    }
}
