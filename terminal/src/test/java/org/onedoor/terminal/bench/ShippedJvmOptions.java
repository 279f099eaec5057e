package org.onedoor.terminal.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.onedoor.terminal.testing.ProjectFiles;

/**
 * The service's JVM options as shipped ({@code systemd/jvm.options}, which {@code /usr/bin/onedoor} passes as
 * {@code java @file}), with the service's directories moved into a work directory: the same options, a
 * writable place. The class data archive they name is built there as the package builds it
 * ({@code systemd/class-archive}), for the jar measured.
 */
final class ShippedJvmOptions {
    private ShippedJvmOptions() {
    }

    static final String ARCHIVE = "/var/lib/onedoor/onedoor.jsa";
    private static final Duration ARCHIVE_DEADLINE = Duration.ofMinutes(3);

    /**
     * Writes the shipped file with {@code /var/lib/onedoor/tmp}, {@code /var/log/onedoor} and the class data
     * archive replaced by {@code dir/tmp}, {@code dir/log} (both created) and {@code dir/onedoor.jsa}, built for
     * {@code jar} when the file names it; returns the argument file for {@code java @file}.
     */
    static Path writeInto(Path dir, Path jar) throws IOException, InterruptedException {
        String text = Files.readString(ProjectFiles.repository("systemd/jvm.options"), StandardCharsets.UTF_8);
        Map<String, Path> moved = Map.of("/var/lib/onedoor/tmp", dir.resolve("tmp"), "/var/log/onedoor",
                dir.resolve("log"), "/var/lib/onedoor/native", dir.resolve("native"));
        boolean archived = text.lines().anyMatch(l -> l.equals("-XX:SharedArchiveFile=" + ARCHIVE));
        text = text.replace(ARCHIVE, dir.resolve("onedoor.jsa").toString());
        for (Map.Entry<String, Path> m : moved.entrySet()) {
            Files.createDirectories(m.getValue());
            text = text.replace(m.getKey(), m.getValue().toString());
        }
        // A new system path in the shipped file would otherwise be measured pointing outside the work directory.
        for (String line : text.lines().filter(l -> !l.startsWith("#")).toList()) {
            if (line.contains("=/var/") || line.contains("=/etc/") || line.contains("=/run/")) {
                throw new IllegalStateException("systemd/jvm.options names a system path this benchmark does not"
                        + " move: " + line);
            }
        }
        Path file = dir.resolve("jvm.options");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        if (archived) {
            buildArchive(file, jar, dir.resolve("onedoor.jsa"));
        }
        return file;
    }

    /** Runs the package's script with this JVM's {@code java} first on the path. */
    private static void buildArchive(Path options, Path jar, Path archive) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", ProjectFiles.repository("systemd/class-archive").toString(),
                archive.toString()).redirectErrorStream(true)
                .redirectOutput(archive.resolveSibling("class-archive.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("ONEDOOR_JAR", jar.toString());
        env.put("ONEDOOR_JVM_OPTIONS", options.toString());
        Process process = builder.start();
        if (!process.waitFor(ARCHIVE_DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("systemd/class-archive did not end within " + ARCHIVE_DEADLINE);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("systemd/class-archive failed (see " + archive.resolveSibling(
                    "class-archive.log") + ")");
        }
    }
}
