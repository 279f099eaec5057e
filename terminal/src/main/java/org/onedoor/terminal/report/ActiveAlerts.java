package org.onedoor.terminal.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.ledger.Recorded;

/**
 * The alerts that stand for a condition still going on — a scanner down, stale data, an unreachable service,
 * a forced door, a fire alarm, a mode other than strict — opened by one alert and closed by its counterpart.
 * A dashboard that connects late reads the retained set instead of replaying history.
 */
public final class ActiveAlerts {
    /** Alert type that closes a condition → the type that opened it. */
    private static final Map<AlertType, AlertType> OPENED_BY = openers();

    /** One open condition, with the seq, id and time of the alert that opened it. */
    public record Active(AlertType type, Severity severity, String lane, Map<String, Object> detail, String since,
                         long seq, String id) {
    }

    private final Map<String, Active> open = new LinkedHashMap<>();

    /** @return whether the set changed */
    public synchronized boolean observe(Event event, Recorded recorded) {
        if (!(event instanceof Event.Alert alert)) {
            return false;
        }
        if (alert.type().closedBy().isPresent()) {
            return open.put(key(alert.type(), alert), active(alert, recorded)) == null;
        }
        if (OPENED_BY.containsKey(alert.type())) {
            return open.remove(key(OPENED_BY.get(alert.type()), alert)) != null;
        }
        if (alert.type() == AlertType.MODE_CHANGED) {
            boolean strict = "strict".equals(alert.detail().get("mode"));
            String key = AlertType.MODE_CHANGED.wire();
            Active previous = strict ? open.remove(key) : open.put(key, active(alert, recorded));
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
    private static String key(AlertType type, Event.Alert alert) {
        return type.wire() + "|" + Objects.toString(alert.lane(), "") + "|"
                + Objects.toString(alert.detail() == null ? null : alert.detail().get("what"), "");
    }

    private static Map<AlertType, AlertType> openers() {
        Map<AlertType, AlertType> openers = new EnumMap<>(AlertType.class);
        for (AlertType type : AlertType.values()) {
            type.closedBy().ifPresent(closer -> openers.put(closer, type));
        }
        return openers;
    }
}
