package org.onedoor.terminal.decision;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers, per lane, who was decided on in the last few seconds, so that a code held in front of
 * a continuous-mode scanner pulses the relay once and is recorded once. Bounded: the oldest keys go
 * first, and never more than {@value #MAX_KEYS} are kept.
 */
public final class DuplicateWindow {
    private static final int MAX_KEYS = 4096;
    private final long windowNanos;
    private final Map<String, Long> seenAt = new LinkedHashMap<>();

    public DuplicateWindow(Duration window) {
        this.windowNanos = window.toNanos();
    }

    public synchronized boolean seenWithin(String key, long nowNanos) {
        expire(nowNanos);
        return seenAt.containsKey(key);
    }

    public synchronized void remember(String key, long nowNanos) {
        if (windowNanos <= 0) {
            return;
        }
        seenAt.remove(key); // re-inserted last, so the map stays ordered by time
        seenAt.put(key, nowNanos);
        while (seenAt.size() > MAX_KEYS) {
            seenAt.remove(seenAt.keySet().iterator().next());
        }
    }

    private void expire(long nowNanos) {
        var it = seenAt.values().iterator();
        while (it.hasNext() && nowNanos - it.next() >= windowNanos) {
            it.remove();
        }
    }
}
