package org.onedoor.terminal.risklist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.status.HealthStatus;

/**
 * A list of {@link RiskList#DEFAULT_MAX_ENTRIES} entries applied, changed and verified again in a
 * JVM with the heap flags of the systemd unit, so the default limit is known to fit.
 */
class RiskListCapacityTest {
    @TempDir
    Path dir;

    @Test
    void theLargestDefaultListFitsTheDaemonsHeap() throws Exception {
        int entries = RiskList.DEFAULT_MAX_ENTRIES;
        County county = new County();
        TreeMap<String, HealthStatus> list = new TreeMap<>();
        for (int i = 0; i < entries; i++) {
            list.put(County.pseudonym("person-" + i), i % 4 == 0 ? HealthStatus.RED : HealthStatus.YELLOW);
        }
        byte[] snapshot = county.snapshot(1, County.T0, list);
        TreeMap<String, HealthStatus> changes = new TreeMap<>();
        TreeSet<String> removals = new TreeSet<>();
        for (int i = 0; i < 1000; i++) {
            changes.put(County.pseudonym("person-" + i), HealthStatus.RED);
            removals.add(County.pseudonym("person-" + (entries - 1 - i)));
        }
        Files.write(dir.resolve("snapshot.json"), snapshot);
        Files.write(dir.resolve("delta.json"), county.delta(1, 2, County.T0, changes, removals));
        Files.writeString(dir.resolve("public.txt"), SigningKeys.publicKeyText(county.publicKey()));

        String output = runProbe(entries);
        System.out.printf("RiskListCapacityTest: %d entries, snapshot %d KiB, -Xmx32m: %s%n",
                entries, snapshot.length / 1024, output.strip());
    }

    private String runProbe(int maxEntries) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process probe = new ProcessBuilder(List.of(java.toString(), "-Xmx32m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xss256k", "-Dtinylog.writer.level=warn",
                "-cp", System.getProperty("java.class.path"), CapacityProbe.class.getName(),
                dir.toString(), Integer.toString(maxEntries)))
                .redirectErrorStream(true)
                .start();
        String output = new String(probe.getInputStream().readAllBytes());
        if (!probe.waitFor(120, TimeUnit.SECONDS)) {
            probe.destroyForcibly();
        }
        assertEquals(0, probe.exitValue(), output);
        return output;
    }
}
