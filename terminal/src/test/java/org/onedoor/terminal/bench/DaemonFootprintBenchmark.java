package org.onedoor.terminal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.onedoor.terminal.testing.ProcCounters;

/**
 * What the daemon costs the device, run as the service runs ({@link ServiceGate}): time from process start
 * to {@code READY=1} (the median of several starts on the same data directory, as restarts are), bytes
 * written per 1,000 scans (each a new green person, the next scanned once the county has the last: an
 * ordinary day's pace), then, idle, resident memory and CPU.
 */
public final class DaemonFootprintBenchmark implements Benchmark {
    private static final String NAME = "daemon-footprint";
    private static final long MIB = 1024 * 1024;

    private record Sizes(int starts, int warmUpScans, int scans, int idleSeconds) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Figure> run(BenchOptions options) throws Exception {
        Sizes sizes = options.quick() ? new Sizes(2, 20, 200, 10) : new Sizes(5, 100, 1_000, 60);
        Path dir = Files.createDirectories(options.workDir().resolve(NAME));
        List<Figure> figures = new ArrayList<>();
        try (ServiceGate gate = new ServiceGate(dir, sizes.warmUpScans() + sizes.scans())) {
            Map<String, Object> base = Map.of("jvm_options", "systemd/jvm.options as shipped",
                    "java", System.getProperty("java.version"), "cores", Runtime.getRuntime().availableProcessors());
            figures.add(startToReady(gate, sizes.starts(), base));
            for (int i = 0; i < sizes.warmUpScans(); i++) {
                gate.scanNextPerson();
            }
            gate.awaitOutboxEmpty();
            figures.addAll(bytesWritten(gate, sizes.scans(), base));
            figures.addAll(idle(gate, sizes.idleSeconds(), with(base, "after_scans", sizes.warmUpScans()
                    + sizes.scans())));
            gate.stopDaemon();
        }
        return figures;
    }

    /** Starts the daemon {@code starts} times; the last one is left running. */
    private static Figure startToReady(ServiceGate gate, int starts, Map<String, Object> base) throws Exception {
        double[] seconds = new double[starts];
        for (int i = 0; i < starts; i++) {
            seconds[i] = gate.startUntilReady() / 1e9;
            if (i < starts - 1) {
                gate.stopDaemon();
            }
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        Map<String, Object> conditions = with(base, "starts", starts);
        conditions.put("each_s", Arrays.toString(seconds));
        conditions.put("first_start", "creates the ledger and status cache");
        double median = starts % 2 == 1 ? sorted[starts / 2] : (sorted[starts / 2 - 1] + sorted[starts / 2]) / 2;
        return new Figure(NAME, "start to READY, median", median, "s", conditions);
    }

    /**
     * {@code write_bytes} is what the daemon sent towards the card (minus what was cancelled before reaching it);
     * {@code wchar} counts every write call, its log lines to the pipe included.
     */
    private static List<Figure> bytesWritten(ServiceGate gate, int scans, Map<String, Object> base)
            throws Exception {
        ProcCounters.Io before = ProcCounters.io(gate.pid());
        for (int i = 0; i < scans; i++) {
            gate.scanNextPerson();
        }
        gate.awaitOutboxEmpty();
        ProcCounters.Io written = ProcCounters.io(gate.pid()).minus(before);
        double perThousand = 1_000.0 / scans;
        Map<String, Object> conditions = with(base, "scans", scans);
        conditions.put("pace", "one by one, each published before the next");
        conditions.put("ledger", "power-safe (the default)");
        conditions.put("write_bytes", written.writeBytes());
        conditions.put("cancelled_write_bytes", written.cancelledWriteBytes());
        conditions.put("wchar", written.wchar());
        long toCard = written.writeBytes() - written.cancelledWriteBytes();
        return List.of(
                new Figure(NAME, "bytes written per 1,000 scans", toCard * perThousand / 1024, "KiB", conditions),
                new Figure(NAME, "wchar per 1,000 scans", written.wchar() * perThousand / 1024, "KiB", conditions));
    }

    /** Samples resident memory every second of an idle window, and the CPU time the window cost. */
    private static List<Figure> idle(ServiceGate gate, int seconds, Map<String, Object> base) throws Exception {
        long pid = gate.pid();
        long ticksPerSecond = ProcCounters.clockTicksPerSecond();
        long[] residentKib = new long[seconds];
        long ticksBefore = ProcCounters.cpuTicks(pid);
        long started = System.nanoTime();
        for (int i = 0; i < seconds; i++) {
            // A fixed sampling interval, not a wait for a condition: the idle window is the measurement.
            Thread.sleep(1_000);
            residentKib[i] = ProcCounters.residentKib(pid);
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (ProcCounters.cpuTicks(pid) - ticksBefore) / (double) ticksPerSecond;
        long[] sorted = residentKib.clone();
        Arrays.sort(sorted);
        Map<String, Object> conditions = with(base, "idle_s", seconds);
        conditions.put("rss_min_mib", sorted[0] * 1024.0 / MIB);
        conditions.put("rss_max_mib", sorted[seconds - 1] * 1024.0 / MIB);
        conditions.put("cpu_s", cpuSeconds);
        conditions.put("clock_ticks_per_s", ticksPerSecond);
        return List.of(
                new Figure(NAME, "steady RSS, median", sorted[seconds / 2] * 1024.0 / MIB, "MiB", conditions),
                new Figure(NAME, "idle CPU, share of one core", 100 * cpuSeconds / elapsed, "%", conditions));
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> conditions = new TreeMap<>(base);
        conditions.put(key, value);
        return conditions;
    }
}
