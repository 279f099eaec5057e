package org.onedoor.terminal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.onedoor.drivers.testing.Await;

/**
 * A throwaway PostgreSQL server on 127.0.0.1: {@code initdb} into a temporary directory and {@code postgres} on a
 * free port, from Debian's {@code postgresql} package (/usr/lib/postgresql/{version}/bin). PostgreSQL refuses to run
 * as root, so as root it runs as the package's {@code postgres} user (or {@code nobody}) through {@code runuser}.
 * A test using it is skipped, saying why, only when no PostgreSQL binaries are installed.
 */
public final class PostgresServer implements AutoCloseable {
    private static final Path DEBIAN = Path.of("/usr/lib/postgresql");
    private static final String PASSWORD = "county-test";

    private final Path dir;
    private final int port;
    private final Process process;
    private final Path bin;
    private final Optional<String> user;

    private PostgresServer(Path bin) throws IOException, InterruptedException {
        // Under /tmp: the server's user must reach it, and the build directory may be closed to it.
        dir = Files.createTempDirectory(Path.of("/tmp"), "onedoor-pg");
        Path data = dir.resolve("data");
        Path passwordFile = dir.resolve("pw");
        Files.writeString(passwordFile, PASSWORD + "\n");
        port = freePort();
        this.bin = bin;
        user = runAs();
        if (user.isPresent()) {
            run(List.of("chown", "-R", user.get(), dir.toString()), Optional.empty());
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "county", "--pwfile=" + passwordFile,
                "-A", "scram-sha-256", "-E", "UTF8", "--no-instructions", "--no-sync"), user);
        List<String> command = List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-k", dir.toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off");
        process = new ProcessBuilder(withUser(command, user)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("postgres.log").toFile()).start();
        Await.until("PostgreSQL accepts connections on port " + port, Duration.ofSeconds(30), this::accepts);
    }

    /** Starts a server, or skips the test when PostgreSQL is not installed. */
    public static PostgresServer start() {
        Optional<Path> bin = binaries();
        Assumptions.assumeTrue(bin.isPresent(),
                "PostgreSQL is not installed (no " + DEBIAN + "/<version>/bin/postgres); apt-get install postgresql");
        try {
            return new PostgresServer(bin.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A JDBC URL for a new, empty database on this server. */
    public String newDatabase(String name) {
        try (Connection c = DriverManager.getConnection(url("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=county&password=" + PASSWORD;
    }

    private boolean accepts() {
        if (!process.isAlive()) {
            throw new IllegalStateException("postgres ended: see " + dir.resolve("postgres.log"));
        }
        try (Connection c = DriverManager.getConnection(url("postgres"))) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static Optional<Path> binaries() {
        if (!Files.isDirectory(DEBIAN)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int versionOf(Path dir) {
        try {
            return Integer.parseInt(dir.getFileName().toString().replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The user to run as when this process is root, which PostgreSQL refuses. */
    private static Optional<String> runAs() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return Optional.empty();
        }
        Process id = new ProcessBuilder("id", "-u", "postgres").redirectErrorStream(true).start();
        return Optional.of(id.waitFor() == 0 ? "postgres" : "nobody");
    }

    private static List<String> withUser(List<String> command, Optional<String> user) {
        if (user.isEmpty()) {
            return command;
        }
        List<String> c = new ArrayList<>(List.of("runuser", "-u", user.get(), "--"));
        c.addAll(command);
        return c;
    }

    private void run(List<String> command, Optional<String> user) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(withUser(command, user)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            // runuser stands between this JVM and postgres: stop the server itself, not runuser.
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"), user);
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            run(List.of("rm", "-rf", dir.toString()), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
