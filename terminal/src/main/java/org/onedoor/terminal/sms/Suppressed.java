package org.onedoor.terminal.sms;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alerts not texted to one number because of the rate limit, since its last summary.
 *
 * @param byType how many of each alert type, in type order
 */
record Suppressed(int count, Map<String, Integer> byType, Instant first, Instant last) {

    static Suppressed of(AlertNotice notice) {
        return new Suppressed(1, Collections.unmodifiableMap(new TreeMap<>(Map.of(notice.type(), 1))), notice.at(),
                notice.at());
    }

    Suppressed plus(AlertNotice notice) {
        Map<String, Integer> types = new TreeMap<>(byType);
        types.merge(notice.type(), 1, Integer::sum);
        Instant earliest = notice.at().isBefore(first) ? notice.at() : first;
        Instant latest = notice.at().isAfter(last) ? notice.at() : last;
        return new Suppressed(count + 1, Collections.unmodifiableMap(types), earliest, latest);
    }
}
