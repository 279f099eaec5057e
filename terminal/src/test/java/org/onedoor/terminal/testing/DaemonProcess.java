package org.onedoor.terminal.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.onedoor.drivers.testing.Await;

/**
 * {@code onedoor run} in its own JVM on this JVM's class path, as the end-to-end tests and the benchmarks
 * start it: a small heap and the serial collector, as on a Pi, debug logging, output appended to a log file.
 */
public final class DaemonProcess {
    private static final List<String> JVM_OPTIONS = List.of("-Xmx64m", "-XX:+UseSerialGC",
            "-Dtinylog.writer.level=debug");
    private static final long STOP_TIMEOUT_S = 20;

    private DaemonProcess() {
    }

    /** Starts the daemon on {@code config}; its temporary files go to {@code tmpDir}, its output to {@code log}. */
    public static Process launch(Path config, Path log, Path tmpDir) throws IOException {
        return launch(List.of("org.onedoor.terminal.cli.Main", "run", "--config"), config, log, tmpDir, Map.of());
    }

    /**
     * Starts {@code main} (a class and its arguments, the config path appended) with {@code environment} added to
     * this process's own.
     */
    public static Process launch(List<String> main, Path config, Path log, Path tmpDir,
            Map<String, String> environment) throws IOException {
        return launch(main, config, log, tmpDir, environment, List.of());
    }

    /** As above, with {@code jvmOptions} after the usual ones (e.g. the shipped {@code -Xss256k}). */
    public static Process launch(List<String> main, Path config, Path log, Path tmpDir,
            Map<String, String> environment, List<String> jvmOptions) throws IOException {
        Files.createDirectories(tmpDir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(JVM_OPTIONS);
        command.addAll(jvmOptions);
        command.addAll(List.of("-Djava.io.tmpdir=" + tmpDir, "-cp", System.getProperty("java.class.path")));
        command.addAll(main);
        command.add(config.toString());
        ProcessBuilder daemon = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        daemon.environment().putAll(environment);
        return daemon.start();
    }

    /** Waits until what the log gained past {@code offset} contains every one of {@code markers}. */
    public static void awaitLog(Path log, long offset, Duration timeout, String... markers) {
        Await.until(String.join(", ", markers) + " (see " + log + ")", timeout, () -> {
            String written = logSince(log, offset);
            for (String marker : markers) {
                if (!written.contains(marker)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** What the log holds past {@code offset}; empty before the daemon wrote anything. */
    public static String logSince(Path log, long offset) {
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(offset);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public static long logSize(Path log) throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** SIGTERM, as systemd stops it; SIGKILL when it has not exited within 20 s. */
    public static void stop(Process daemon) throws InterruptedException {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            if (!daemon.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor();
            }
        }
    }
}
