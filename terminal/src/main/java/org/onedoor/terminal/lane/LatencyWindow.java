package org.onedoor.terminal.lane;

import java.util.Arrays;

/**
 * The last {@value #CAPACITY} scan latencies of a lane, for the heartbeat's percentiles. A ring, not a
 * histogram: on a gate a few thousand scans a day pass, and the recent ones are what a dashboard asks about.
 */
public final class LatencyWindow {
    static final int CAPACITY = 1024;

    private final long[] micros = new long[CAPACITY];
    private int next;
    private int size;

    synchronized void add(long latencyUs) {
        micros[next] = latencyUs;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    /** A copy of the samples, in no particular order. */
    public synchronized long[] samples() {
        return Arrays.copyOf(micros, size);
    }

    /** Nearest-rank percentiles of the samples of several windows; zeros when there are none. */
    public static Percentiles percentiles(long[] samples) {
        if (samples.length == 0) {
            return new Percentiles(0, 0, 0, 0);
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    private static long rank(long[] sorted, double p) {
        return sorted[(int) Math.ceil(p * sorted.length) - 1];
    }

    /** In microseconds, over {@code samples} scans. */
    public record Percentiles(int samples, long p50Us, long p99Us, long maxUs) {
    }
}
