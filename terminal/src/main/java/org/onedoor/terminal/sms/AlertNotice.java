package org.onedoor.terminal.sms;

import java.time.Instant;
import java.util.Objects;

import org.onedoor.terminal.event.Event;

/**
 * What an SMS may say about an alert: its type, where, what the gate did, and when. Built from the
 * alert as recorded, leaving out the subject on purpose — a text message is the one channel that
 * leaves the county's control entirely.
 *
 * @param type     the alert type, e.g. {@code red_code}
 * @param entrance the entrance, or the lane when the alert names no entrance; null when neither
 * @param result   {@code refused} or {@code granted}; null when the alert is not about an entry
 * @param at       when the alert was recorded
 */
public record AlertNotice(String type, String entrance, String result, Instant at) {

    public AlertNotice {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }

    /** The notice for a recorded alert; {@code at} is its recorded time. */
    public static AlertNotice of(Event.Alert alert, Instant at) {
        Object entrance = alert.detail() == null ? null : alert.detail().get("entrance");
        Object result = alert.detail() == null ? null : alert.detail().get("result");
        String where = entrance != null ? entrance.toString() : alert.lane();
        return new AlertNotice(alert.type().wire(), where, result == null ? null : result.toString(), at);
    }
}
