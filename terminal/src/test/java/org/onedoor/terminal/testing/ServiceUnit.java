package org.onedoor.terminal.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The shipped unit file ({@code systemd/onedoor.service}): the values of its settings, as systemd reads them. */
public final class ServiceUnit {
    private final List<String> lines;

    private ServiceUnit(List<String> lines) {
        this.lines = lines;
    }

    public static ServiceUnit shipped() throws IOException {
        return new ServiceUnit(Files.readAllLines(ProjectFiles.repository("systemd/onedoor.service")));
    }

    /** The county collector's unit, {@code systemd/onedoor-county.service}. */
    public static ServiceUnit county() throws IOException {
        return new ServiceUnit(Files.readAllLines(ProjectFiles.repository("systemd/onedoor-county.service")));
    }

    /** Every value of {@code key}, each setting's words in order, repeated settings merged as systemd merges them. */
    public List<String> values(String key) {
        return lines.stream().map(String::strip).filter(l -> l.startsWith(key + "="))
                .flatMap(l -> Arrays.stream(l.substring(key.length() + 1).strip().split("\\s+")))
                .filter(v -> !v.isEmpty()).toList();
    }

    /**
     * The exit statuses a stop may end with and leave the unit not failed: 0, and the numbers in
     * SuccessExitStatus=. (A death by SIGTERM also counts, but a JVM never dies by it: it exits.)
     */
    public Set<Integer> successStatuses() {
        Set<Integer> statuses = new TreeSet<>(Set.of(0));
        values("SuccessExitStatus").stream().filter(v -> v.matches("\\d+")).map(Integer::valueOf).forEach(statuses::add);
        return statuses;
    }
}
