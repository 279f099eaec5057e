package org.onedoor.terminal.ledger;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.onedoor.terminal.event.Event;

/**
 * One row of the {@code events} table as it is inserted: values set by column name, bound to the insert by
 * the same names. What each kind of event stores where is written once, here, and a new column is one more
 * name rather than a shift of positions.
 */
final class EventRow {
    /** The columns an insert sets; {@code seq}, {@code latency_us} and {@code published} are set later. */
    static final List<String> COLUMNS = List.of("id", "kind", "ts", "epoch_ms", "boot", "mono_ms", "clock_synced",
            "lane", "entrance", "direction", "result", "reason", "status", "source", "subject", "alert_type",
            "severity", "detail", "mode", "status_age_s", "risklist_age_s", "service_age_s", "credential",
            "id_expired");
    static final String INSERT = "INSERT INTO events (" + String.join(", ", COLUMNS) + ") VALUES ("
            + String.join(",", java.util.Collections.nCopies(COLUMNS.size(), "?")) + ")";

    private final Map<String, Object> values = new HashMap<>();

    /** The columns the event itself fills; the caller adds the common ones (id, ts, boot, ...). */
    static EventRow of(Event event) throws SQLException {
        EventRow row = new EventRow().set("kind", event.kind());
        if (event instanceof Event.Entry e) {
            row.set("lane", e.lane()).set("entrance", e.entrance()).set("direction", e.direction())
                    .set("result", e.result()).set("reason", e.reason()).set("status", e.status())
                    .set("source", e.source()).set("subject", e.subject()).set("mode", e.mode())
                    .set("status_age_s", e.freshness().statusAgeS())
                    .set("risklist_age_s", e.freshness().riskListAgeS())
                    .set("service_age_s", e.freshness().serviceAgeS())
                    .set("credential", e.credential()).set("id_expired", e.idExpired() ? 1 : null);
            if (e.note() != null) {
                row.set("detail", PayloadWriter.detailJson(Map.of("note", e.note())));
            }
        } else if (event instanceof Event.Alert a) {
            row.set("lane", a.lane()).set("subject", a.subject()).set("alert_type", a.type().wire())
                    .set("severity", a.severity().wire()).set("detail", PayloadWriter.detailJson(a.detail()));
        } else if (event instanceof Event.Passage p) {
            row.set("lane", p.lane()).set("entrance", p.entrance()).set("direction", p.direction());
            if (p.unchecked()) {
                row.set("detail", PayloadWriter.detailJson(Map.of("unchecked", true)));
            }
        } else if (event instanceof Event.ClockCorrection c) {
            row.set("detail", PayloadWriter.detailJson(Map.of("correction_ms", c.correctionMs())));
        } else if (event instanceof Event.CommandAnswer a) {
            row.set("detail", a.result());
        }
        return row;
    }

    /** Sets a column; null leaves it NULL. */
    EventRow set(String column, Object value) {
        if (!COLUMNS.contains(column)) {
            throw new IllegalArgumentException("no column " + column + " in an insert");
        }
        values.put(column, value);
        return this;
    }

    void bind(PreparedStatement insert) throws SQLException {
        for (int i = 0; i < COLUMNS.size(); i++) {
            Object value = values.get(COLUMNS.get(i));
            if (value == null) {
                insert.setNull(i + 1, Types.VARCHAR);
            } else {
                insert.setObject(i + 1, value);
            }
        }
    }
}
