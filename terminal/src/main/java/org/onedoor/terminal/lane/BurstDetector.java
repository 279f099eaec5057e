package org.onedoor.terminal.lane;

/**
 * Says when {@code threshold} events fell within {@code windowNanos}: a burst of unknown codes (someone
 * trying forged codes) or a flood of noise (a failing cable, a scanner aimed at a screen). Once it has said
 * so, it stays quiet for a window, so a burst is one alert, not one per event. One lane's thread only.
 */
final class BurstDetector {
    private final long[] times;
    private final long windowNanos;
    private int next;
    private int count;
    private boolean quiet;
    private long quietUntil;

    BurstDetector(int threshold, long windowNanos) {
        this.times = new long[threshold];
        this.windowNanos = windowNanos;
    }

    /** Counts one event; true when it completes a burst. */
    boolean hit(long nowNanos) {
        times[next] = nowNanos;
        next = (next + 1) % times.length;
        count = Math.min(count + 1, times.length);
        long oldest = times[next % times.length];
        boolean burst = count == times.length && nowNanos - oldest <= windowNanos
                && !(quiet && nowNanos - quietUntil < 0);
        if (burst) {
            quiet = true;
            quietUntil = nowNanos + windowNanos;
        }
        return burst;
    }

    int threshold() {
        return times.length;
    }
}
