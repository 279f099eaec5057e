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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Mosquitto broker on 127.0.0.1 for tests. It keeps its port across {@link #stop()} and
 * {@link #start()}, so clients see an outage and a comeback at the same address.
 */
public final class MosquittoBroker implements AutoCloseable {
    /** Whether the broker keeps sessions, queued messages and retained messages across a restart. */
    public enum Persistence { IN_MEMORY, ON_DISK }

    private static final long START_DEADLINE_MS = 10_000;
    private static final long STOP_DEADLINE_MS = 10_000;
    /** Debian installs the broker under sbin, which is often not on a test runner's PATH. */
    private static final List<String> EXTRA_SEARCH_DIRS = List.of("/usr/sbin", "/usr/local/sbin");

    private final Path dir;
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    /** Prepares a broker on a free port; nothing runs until {@link #start()}. */
    public MosquittoBroker(Persistence persistence) {
        try {
            this.dir = Files.createTempDirectory("mosquitto");
            this.port = freePort();
            this.config = dir.resolve("mosquitto.conf");
            this.log = dir.resolve("mosquitto.log");
            Files.writeString(config, configText(persistence), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Starts the broker and returns once it accepts connections. */
    public MosquittoBroker start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Mosquitto already runs on port " + port);
        }
        try {
            process = new ProcessBuilder(executable().toString(), "-c", config.toString())
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

    private String configText(Persistence persistence) {
        return String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                // Running as root, Mosquitto would switch to the 'mosquitto' user and lose access to this dir.
                "user " + System.getProperty("user.name"),
                "persistence " + (persistence == Persistence.ON_DISK),
                "persistence_location " + dir + File.separator,
                // Default is 1000 per client; tests queue 100k+ messages for an offline persistent subscriber.
                "max_queued_messages 1000000",
                "log_dest stdout",
                "");
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
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path executable() {
        Stream<String> pathDirs = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator));
        Optional<Path> found = Stream.concat(pathDirs, EXTRA_SEARCH_DIRS.stream())
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "mosquitto"))
                .filter(Files::isExecutable)
                .findFirst();
        return found.orElseThrow(() -> new IllegalStateException(
                "The 'mosquitto' broker is not installed (looked on PATH and in " + EXTRA_SEARCH_DIRS
                        + "); .ci/run installs it, or: apt-get install mosquitto"));
    }
}
