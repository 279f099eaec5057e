package org.onedoor.terminal.bench;

import java.util.List;

/** A benchmark the suite can run: measures, and returns its figures; printing and JSON are the suite's. */
public interface Benchmark {
    /** A short name, used on the command line to pick benchmarks and in the JSON. */
    String name();

    List<Figure> run(BenchOptions options) throws Exception;
}
