package org.onedoor.terminal.lane;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What one lane has seen since start, for the daemon's state and the heartbeat. */
public final class LaneCounters {
    private final LongAdder noise = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder unrecorded = new LongAdder();
    private final LongAdder uncheckedPassages = new LongAdder();
    private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final LatencyWindow latencies = new LatencyWindow();

    void countNoise() {
        noise.increment();
    }

    void countDuplicate() {
        duplicates.increment();
    }

    void countError() {
        errors.increment();
    }

    void countUnrecorded() {
        unrecorded.increment();
    }

    void countUncheckedPassage() {
        uncheckedPassages.increment();
    }

    void countOutcome(String result, String reason) {
        outcomes.computeIfAbsent(result + ":" + reason, k -> new LongAdder()).increment();
    }

    void countLatency(long latencyUs) {
        latencies.add(latencyUs);
    }

    /** Frame end to relay and lamps written, of the lane's recent decisions. */
    public LatencyWindow latencies() {
        return latencies;
    }

    public long noise() {
        return noise.sum();
    }

    public long duplicates() {
        return duplicates.sum();
    }

    public long errors() {
        return errors.sum();
    }

    public long unrecorded() {
        return unrecorded.sum();
    }

    /** Passages the sensor saw with no grant to account for them (docs/inputs.md). */
    public long uncheckedPassages() {
        return uncheckedPassages.sum();
    }

    /** Counts keyed {@code result:reason}, e.g. {@code granted:green}, in a stable order. */
    public Map<String, Long> outcomes() {
        Map<String, Long> m = new TreeMap<>();
        outcomes.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
