package org.onedoor.terminal.doctor;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.onedoor.drivers.testing.Await;

/** A real Mosquitto on 127.0.0.1 that admits one user with one password and nobody else. */
final class PasswordBroker implements AutoCloseable {
    private static final List<String> SEARCH = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin");
    private final Process process;
    private final int port;

    private PasswordBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static PasswordBroker start(Path dir, String user, String password) throws IOException, InterruptedException {
        Path passwords = dir.resolve("passwords");
        Process passwd = new ProcessBuilder(tool("mosquitto_passwd"), "-b", "-c", passwords.toString(), user, password)
                .redirectErrorStream(true).redirectOutput(dir.resolve("passwd.log").toFile()).start();
        if (!passwd.waitFor(10, TimeUnit.SECONDS) || passwd.exitValue() != 0) {
            throw new IOException("mosquitto_passwd failed: " + Files.readString(dir.resolve("passwd.log")));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n", "listener " + port + " 127.0.0.1", "allow_anonymous false",
                "password_file " + passwords, "user " + System.getProperty("user.name"), "log_dest stdout", ""));
        Process broker = new ProcessBuilder(tool("mosquitto"), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        PasswordBroker started = new PasswordBroker(broker, port);
        Await.until("mosquitto with a password file on port " + port, Duration.ofSeconds(10),
                () -> !broker.isAlive() || started.accepts());
        if (!broker.isAlive()) {
            throw new IOException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
        }
        return started;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tool(String name) {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)), SEARCH.stream())
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(name + " is not installed (apt-get install mosquitto)"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
