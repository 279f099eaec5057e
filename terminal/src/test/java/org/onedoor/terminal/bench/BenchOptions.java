package org.onedoor.terminal.bench;

import java.nio.file.Path;

/**
 * What every benchmark is given.
 *
 * @param scans   how many scans a latency benchmark sends per path (at least 10,000 for published figures)
 * @param workDir a fresh directory the benchmark may fill (a temp dir under the build's target)
 * @param quick   a smoke run: benchmarks shrink their sizes and durations so the whole suite takes a minute
 * @param full    the issues' full sizes where a benchmark measures a smaller one by default (county-trace: 10 million
 *                entries rather than 1 million)
 */
public record BenchOptions(int scans, Path workDir, boolean quick, boolean full) {
}
