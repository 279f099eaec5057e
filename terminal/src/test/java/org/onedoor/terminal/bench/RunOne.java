package org.onedoor.terminal.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs one benchmark by itself and prints its figures, for working on that benchmark; the suite runs them all.
 * Arguments: the class name (simple, in this package, or fully qualified), then {@code --quick} for smoke sizes.
 * The work directory is a fresh one under {@code target/}.
 */
public final class RunOne {
    private static final int SCANS = 10_000;

    private RunOne() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: RunOne <benchmark class> [--quick]");
            System.exit(2);
        }
        String name = args[0].contains(".") ? args[0] : RunOne.class.getPackageName() + "." + args[0];
        boolean quick = List.of(args).contains("--quick");
        Benchmark benchmark = (Benchmark) Class.forName(name).getDeclaredConstructor().newInstance();
        Path workDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "bench-")
                .toAbsolutePath();
        List<Figure> figures = benchmark.run(new BenchOptions(SCANS, workDir, quick));
        System.out.printf("%-24s %-40s %14s %-6s%n", "benchmark", "figure", "value", "unit");
        for (Figure f : figures) {
            System.out.printf("%-24s %-40s %14.2f %-6s %s%n", f.benchmark(), f.name(), f.value(), f.unit(),
                    f.conditions());
        }
        // Paho and the daemon's helpers leave non-daemon threads behind; a finished run is finished.
        System.exit(0);
    }
}
