package org.onedoor.terminal.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.ledger.Recorded;

/**
 * The alerts that stand for a condition still going on — a scanner down, stale data, an unreachable service,
 * a forced door, a fire alarm, a mode other than strict — opened by one alert and closed by its counterpart.
 * A dashboard that connects late reads the retained set instead of replaying history.
 */
public final class ActiveAlerts {
    /** Alert type that opens a condition → the type that closes it. */
    private static final Map<String, String> CLOSED_BY = Map.of(
            "scanner_down", "scanner_up",
            "stale_data", "stale_data_cleared",
            "service_unreachable", "service_reachable",
            "door_forced", "door_forced_cleared",
            "fire_alarm", "fire_alarm_cleared",
            "disk_low", "disk_ok");
    private static final Map<String, String> OPENED_BY = invert(CLOSED_BY);
    private static final String MODE_CHANGED = "mode_changed";

    /** One open condition. */
    /** One open condition, with the seq, id and time of the alert that opened it. */
    public record Active(String type, String severity, String lane, Map<String, Object> detail, String since,
                         long seq, String id) {
    }

    private final Map<String, Active> open = new LinkedHashMap<>();

    /** @return whether the set changed */
    public synchronized boolean observe(Event event, Recorded recorded) {
        if (!(event instanceof Event.Alert alert)) {
            return false;
        }
        if (CLOSED_BY.containsKey(alert.type())) {
            return open.put(key(alert.type(), alert), active(alert, recorded)) == null;
        }
        if (OPENED_BY.containsKey(alert.type())) {
            return open.remove(key(OPENED_BY.get(alert.type()), alert)) != null;
        }
        if (MODE_CHANGED.equals(alert.type())) {
            boolean strict = "strict".equals(alert.detail().get("mode"));
            Active previous = strict ? open.remove(MODE_CHANGED)
                    : open.put(MODE_CHANGED, active(alert, recorded));
            return strict ? previous != null : true;
        }
        return false;
    }

    private static Active active(Event.Alert alert, Recorded recorded) {
        return new Active(alert.type(), alert.severity(), alert.lane(), alert.detail(), recorded.ts(), recorded.seq(),
                recorded.id());
    }

    public synchronized List<Active> snapshot() {
        return new ArrayList<>(open.values());
    }

    /** A lane's scanner, and which knowledge is stale, are separate conditions of the same type. */
    private static String key(String type, Event.Alert alert) {
        return type + "|" + Objects.toString(alert.lane(), "") + "|"
                + Objects.toString(alert.detail() == null ? null : alert.detail().get("what"), "");
    }

    private static Map<String, String> invert(Map<String, String> map) {
        Map<String, String> inverted = new LinkedHashMap<>();
        map.forEach((k, v) -> inverted.put(v, k));
        return inverted;
    }
}
