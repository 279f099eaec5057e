package org.onedoor.terminal.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the benchmarks, prints one table of their figures and writes them as JSON with the machine they came from.
 * Arguments: {@code [--quick | --full] [--scans N] [--out FILE] [name ...]}; names pick benchmarks, none runs all.
 * {@code bash .ci/bench} builds and runs it (docs/performance.md).
 */
public final class BenchmarkSuite {
    /** Every benchmark the suite knows, in the order it runs them. */
    static List<Benchmark> benchmarks() {
        return List.of(new FrameToRelayBenchmark(), new SustainedDecisionsBenchmark(), new OutboxDrainBenchmark(),
                new SignedVerifyBenchmark(), new DaemonFootprintBenchmark(), new FirstScanBenchmark(),
                new CountyIngestBenchmark(), new CountyTraceBenchmark());
    }

    static final int DEFAULT_SCANS = 10_000;
    static final int QUICK_SCANS = 300;
    private static final Path DEFAULT_OUT = Path.of("target", "bench", "results.json");

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: BenchmarkSuite [--quick | --full] [--scans N] [--out FILE] [name ...]; names: "
                    + benchmarks().stream().map(Benchmark::name).toList());
            System.exit(64);
            return;
        }
        Map<String, Object> machine = Machine.describe();
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path work = Files.createDirectories(arguments.out().toAbsolutePath().getParent());
        BenchOptions options = new BenchOptions(arguments.scans(), Files.createTempDirectory(work, "work-"),
                arguments.quick(), arguments.full());
        List<Figure> figures = new ArrayList<>();
        for (Benchmark benchmark : arguments.chosen()) {
            System.out.printf("running %s%n", benchmark.name());
            figures.addAll(benchmark.run(options));
        }
        printTable(figures);
        writeJson(arguments, options, machine, started, figures);
        System.out.printf("%nwritten to %s%n", arguments.out());
    }

    private static void printTable(List<Figure> figures) {
        System.out.printf("%n%-20s %-36s %12s  %s%n", "benchmark", "figure", "value", "unit");
        for (Figure f : figures) {
            System.out.printf("%-20s %-36s %12.3f  %s%n", f.benchmark(), f.name(), f.value(), f.unit());
        }
    }

    private static void writeJson(Arguments arguments, BenchOptions options, Map<String, Object> machine,
                                  Instant started, List<Figure> figures) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("timestamp", started.toString());
        json.put("commit", gitCommit().orElse("unknown"));
        json.put("machine", machine);
        json.put("options", Map.of("quick", options.quick(), "full", options.full(), "scans", options.scans(),
                "benchmarks", arguments.chosen().stream().map(Benchmark::name).toList()));
        json.put("figures", figures);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(arguments.out().toFile(), json);
    }

    /** The commit checked out, with {@code +dirty} when the tree differs from it; empty outside a git work tree. */
    private static Optional<String> gitCommit() {
        try {
            String head = run("git", "rev-parse", "HEAD");
            return Optional.of(run("git", "status", "--porcelain").isEmpty() ? head : head + "+dirty");
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return out;
    }

    record Arguments(boolean quick, boolean full, int scans, Path out, List<Benchmark> chosen) {
        static Arguments parse(String[] args) {
            boolean quick = false;
            boolean full = false;
            Integer scans = null;
            Path out = DEFAULT_OUT;
            List<String> names = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--full" -> full = true;
                    case "--scans" -> scans = positive(value(args, ++i, "--scans"));
                    case "--out" -> out = Path.of(value(args, ++i, "--out"));
                    default -> {
                        if (args[i].startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + args[i]);
                        }
                        names.add(args[i]);
                    }
                }
            }
            if (quick && full) {
                throw new IllegalArgumentException("--quick and --full exclude each other");
            }
            List<Benchmark> all = benchmarks();
            for (String name : names) {
                if (all.stream().noneMatch(b -> b.name().equals(name))) {
                    throw new IllegalArgumentException("no benchmark named " + name);
                }
            }
            List<Benchmark> chosen = names.isEmpty() ? all
                    : all.stream().filter(b -> names.contains(b.name())).toList();
            return new Arguments(quick, full, scans != null ? scans : quick ? QUICK_SCANS : DEFAULT_SCANS, out, chosen);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int positive(String text) {
            try {
                int n = Integer.parseInt(text);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--scans must be a positive number, got " + text);
        }
    }

    /** What the figures came from: cores, CPU model, memory, OS, Java, and how busy the machine was at the start. */
    static final class Machine {
        private Machine() {
        }

        static Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cores", Runtime.getRuntime().availableProcessors());
            m.put("cpu", procField("/proc/cpuinfo", "model name").or(() -> procField("/proc/cpuinfo", "Model"))
                    .orElse("unknown"));
            m.put("memory_mib", procField("/proc/meminfo", "MemTotal")
                    .map(kb -> Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1024).orElse(-1L));
            m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch"));
            m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            m.put("load_average_1m", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            return m;
        }

        private static Optional<String> procField(String file, String key) {
            try {
                return Files.readAllLines(Path.of(file)).stream()
                        .filter(line -> line.startsWith(key) && line.indexOf(':') > 0)
                        .filter(line -> line.substring(0, line.indexOf(':')).trim().equals(key))
                        .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }
}
