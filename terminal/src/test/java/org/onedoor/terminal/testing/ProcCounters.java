package org.onedoor.terminal.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** What Linux counts for one process under {@code /proc/<pid>}: its I/O, resident memory and CPU time. */
public final class ProcCounters {
    private ProcCounters() {
    }

    /**
     * The process's I/O counters from {@code /proc/<pid>/io}, all threads together.
     *
     * @param writeBytes          bytes the process caused to be sent to the block layer (dirtied page cache)
     * @param cancelledWriteBytes of those, bytes never written because the file was truncated or deleted first
     * @param wchar               bytes passed to write(2) and its kin: files, pipes and sockets alike
     */
    public record Io(long writeBytes, long cancelledWriteBytes, long wchar) {
        public Io minus(Io earlier) {
            return new Io(writeBytes - earlier.writeBytes, cancelledWriteBytes - earlier.cancelledWriteBytes,
                    wchar - earlier.wchar);
        }
    }

    public static Io io(long pid) throws IOException {
        Map<String, Long> fields = Files.readAllLines(proc(pid, "io")).stream()
                .map(line -> line.split(":\\s*"))
                .collect(Collectors.toMap(kv -> kv[0], kv -> Long.parseLong(kv[1].trim())));
        return new Io(fields.get("write_bytes"), fields.get("cancelled_write_bytes"), fields.get("wchar"));
    }

    /** {@code VmRSS} from {@code /proc/<pid>/status}, in KiB. */
    public static long residentKib(long pid) throws IOException {
        for (String line : Files.readAllLines(proc(pid, "status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim());
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /** User plus system CPU time from {@code /proc/<pid>/stat} (fields 14 and 15), in clock ticks. */
    public static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(proc(pid, "stat"), StandardCharsets.UTF_8);
        // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[11]) + Long.parseLong(after[12]);
    }

    /** The kernel's clock ticks per second ({@code getconf CLK_TCK}), the unit of {@link #cpuTicks}. */
    public static long clockTicksPerSecond() throws IOException, InterruptedException {
        Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
        String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (getconf.waitFor() != 0) {
            throw new IOException("getconf CLK_TCK failed: " + out);
        }
        return Long.parseLong(out);
    }

    private static Path proc(long pid, String file) {
        return Path.of("/proc", Long.toString(pid), file);
    }
}
