package org.onedoor.terminal.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Mosquitto broker on 127.0.0.1 for tests. It keeps its ports across {@link #stop()} and
 * {@link #start()}, so clients see an outage and a comeback at the same address.
 *
 * <p>It always has an anonymous plain listener ({@link #url()}); a test may ask for more {@link Listener}s, each
 * on its own port with its own rules (Mosquitto's {@code per_listener_settings}), all sharing one set of topics:
 * what a client publishes through one listener reaches subscribers on every other.
 */
public final class MosquittoBroker implements AutoCloseable {
    /** Whether the broker keeps sessions, queued messages and retained messages across a restart. */
    public enum Persistence { IN_MEMORY, ON_DISK }

    /** A listener beside the anonymous plain one, and what a client must bring to use it. */
    public sealed interface Listener permits Tls, Password {
    }

    /**
     * TLS with {@code pki}'s server certificate for {@code 127.0.0.1}.
     *
     * @param requireClientCertificate whether a client must present a certificate of {@code pki}'s CA
     */
    public record Tls(BrokerPki pki, boolean requireClientCertificate) implements Listener {
    }

    /** Plain TCP that admits this one user with this password and nobody else. */
    public record Password(String user, String password) implements Listener {
    }

    private static final long START_DEADLINE_MS = 10_000;
    private static final long STOP_DEADLINE_MS = 10_000;
    /** Debian installs the broker under sbin, which is often not on a test runner's PATH. */
    private static final List<String> EXTRA_SEARCH_DIRS = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin",
            "/usr/local/bin");

    private final Path dir;
    private final Path config;
    private final Path log;
    private final int port;
    private final Map<Listener, Integer> listeners = new LinkedHashMap<>();
    private Process process;

    /** Prepares a broker on free ports; nothing runs until {@link #start()}. */
    public MosquittoBroker(Persistence persistence, Listener... extra) {
        try {
            this.dir = Files.createTempDirectory("mosquitto");
            this.port = freePort();
            for (Listener listener : extra) {
                listeners.put(listener, freePort());
            }
            this.config = dir.resolve("mosquitto.conf");
            this.log = dir.resolve("mosquitto.log");
            Files.writeString(config, configText(persistence), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds a line of mosquitto.conf (such as {@code max_inflight_messages 1000}) before {@link #start()}. */
    public MosquittoBroker setting(String line) {
        try {
            Files.writeString(config, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The anonymous plain listener. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code ssl://127.0.0.1:port} for a {@link Tls} listener, {@code tcp://…} for a {@link Password} one. */
    public String url(Listener listener) {
        return (listener instanceof Tls ? "ssl" : "tcp") + "://127.0.0.1:" + port(listener);
    }

    public int port(Listener listener) {
        Integer p = listeners.get(listener);
        if (p == null) {
            throw new IllegalArgumentException("this broker was not made with " + listener);
        }
        return p;
    }

    /** Starts the broker and returns once it accepts connections. */
    public MosquittoBroker start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Mosquitto already runs on port " + port);
        }
        try {
            process = new ProcessBuilder(tool("mosquitto").toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            awaitAcceptingConnections();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM and wait: with {@link Persistence#ON_DISK} the broker saves its state on the way out. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_DEADLINE_MS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_DEADLINE_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted((a, b) -> b.compareTo(a)).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String configText(Persistence persistence) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                // Each listener's allow_anonymous and password_file apply to that listener alone.
                "per_listener_settings true",
                // Running as root, Mosquitto would switch to the 'mosquitto' user and lose access to this dir.
                "user " + System.getProperty("user.name"),
                "persistence " + (persistence == Persistence.ON_DISK),
                "persistence_location " + dir + File.separator,
                // Default is 1000 per client; tests queue 100k+ messages for an offline persistent subscriber.
                "max_queued_messages 1000000",
                // Its own file, written through: stdout to a file is block-buffered and would lag behind the broker.
                // What it prints before the log opens (a bad config) still goes to the process output, the same file.
                "log_dest file " + log,
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true"));
        for (Map.Entry<Listener, Integer> listener : listeners.entrySet()) {
            lines.add("listener " + listener.getValue() + " 127.0.0.1");
            lines.addAll(rules(listener.getKey()));
        }
        lines.add("");
        return String.join("\n", lines);
    }

    private List<String> rules(Listener listener) throws IOException {
        if (listener instanceof Tls tls) {
            return List.of("allow_anonymous true", "cafile " + tls.pki().caPem(), "certfile " + tls.pki().serverCert(),
                    "keyfile " + tls.pki().serverKey(), "require_certificate " + tls.requireClientCertificate());
        }
        Password password = (Password) listener;
        Path file = dir.resolve("passwords-" + listeners.get(listener));
        run(tool("mosquitto_passwd"), "-b", "-c", file.toString(), password.user(), password.password());
        return List.of("allow_anonymous false", "password_file " + file);
    }

    private void run(Path executable, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(START_DEADLINE_MS, TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(executable.getFileName() + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for " + executable.getFileName(), e);
        }
    }

    private void awaitAcceptingConnections() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_DEADLINE_MS);
        while (!accepts()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Mosquitto exited with " + process.exitValue() + ":\n" + logText());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Mosquitto did not accept connections on port " + port
                        + " within " + START_DEADLINE_MS + " ms:\n" + logText());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Mosquitto", e);
            }
        }
    }

    private boolean accepts() {
        return accepts(port) && listeners.values().stream().allMatch(MosquittoBroker::accepts);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What the broker has logged so far: its connection lines are a witness independent of the client's log. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** {@code mosquitto}, {@code mosquitto_passwd}, {@code mosquitto_sub}, … from PATH or where Debian puts them. */
    public static Path tool(String name) {
        Stream<String> pathDirs = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator));
        Optional<Path> found = Stream.concat(pathDirs, EXTRA_SEARCH_DIRS.stream())
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
        return found.orElseThrow(() -> new IllegalStateException(
                "'" + name + "' is not installed (looked on PATH and in " + EXTRA_SEARCH_DIRS
                        + "); .ci/run installs it, or: apt-get install mosquitto mosquitto-clients"));
    }
}
