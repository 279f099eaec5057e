package org.onedoor.terminal.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.onedoor.terminal.testing.ProjectFiles;

/**
 * The service's JVM options as shipped ({@code systemd/jvm.options}, which {@code /usr/bin/onedoor} passes as
 * {@code java @file}), with the service's directories moved into a work directory: the same options, a
 * writable place.
 */
final class ShippedJvmOptions {
    private ShippedJvmOptions() {
    }

    /**
     * Writes the shipped file with {@code /var/lib/onedoor/tmp} and {@code /var/log/onedoor} replaced by
     * {@code dir/tmp} and {@code dir/log} (both created); returns the argument file for {@code java @file}.
     */
    static Path writeInto(Path dir) throws IOException {
        String text = Files.readString(ProjectFiles.repository("systemd/jvm.options"), StandardCharsets.UTF_8);
        Map<String, Path> moved = Map.of("/var/lib/onedoor/tmp", dir.resolve("tmp"), "/var/log/onedoor",
                dir.resolve("log"));
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
        return file;
    }
}
