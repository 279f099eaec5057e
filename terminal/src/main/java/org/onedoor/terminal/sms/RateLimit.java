package org.onedoor.terminal.sms;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * At most {@code max} messages to each number in any sliding window (an hour), so a queue of red
 * codes at one gate cannot run up a phone bill or bury the administrator's phone. What was held back
 * is kept per number until a summary can be sent. Time is monotonic nanoseconds; owned by one thread.
 */
final class RateLimit {
    private final int max;
    private final long windowNanos;
    private final Map<MobileNumber, Deque<Long>> sent = new HashMap<>();
    private final Map<MobileNumber, Suppressed> owed = new LinkedHashMap<>();

    RateLimit(int max, long windowNanos) {
        if (max < 1) {
            throw new IllegalArgumentException("a rate limit allows at least one message");
        }
        this.max = max;
        this.windowNanos = windowNanos;
    }

    /** Takes a slot for a message to {@code number} now; false when the window is full. */
    boolean tryAcquire(MobileNumber number, long nowNanos) {
        Deque<Long> times = sent.computeIfAbsent(number, n -> new ArrayDeque<>());
        while (!times.isEmpty() && nowNanos - times.peekFirst() >= windowNanos) {
            times.pollFirst();
        }
        if (times.size() >= max) {
            return false;
        }
        times.addLast(nowNanos);
        return true;
    }

    void suppress(MobileNumber number, AlertNotice notice) {
        owed.merge(number, Suppressed.of(notice), (was, one) -> was.plus(notice));
    }

    /** The numbers owed a summary, in the order they were first held back. */
    List<MobileNumber> owing() {
        return List.copyOf(owed.keySet());
    }

    /** What {@code number} is owed, now to be summarised; null when nothing. */
    Suppressed take(MobileNumber number) {
        return owed.remove(number);
    }
}
