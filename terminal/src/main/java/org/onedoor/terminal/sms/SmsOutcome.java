package org.onedoor.terminal.sms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;

/**
 * What became of one alert's message to one number.
 *
 * @param status     sent, failed (after every attempt, or not queued), or suppressed by the rate limit
 * @param alertType  the alert's type, or {@link #SUMMARY} for a rate-limit summary
 * @param recipient  the number, masked ({@code 138****8000}); null when no number was tried (queue full)
 * @param attempts   attempts made; 0 when none was
 * @param references the modem's message reference per part sent (-1 when the modem gave none)
 * @param reason     why it failed: the modem's answer, a timeout or the lost port; null otherwise
 */
public record SmsOutcome(Status status, String alertType, String recipient, int attempts, List<Integer> references,
                         String reason) {
    /** The alert type of a message that summarises rate-limited alerts. */
    public static final String SUMMARY = "rate_limit_summary";

    public enum Status {
        SENT(AlertType.SMS_SENT, Severity.INFO),
        FAILED(AlertType.SMS_FAILED, Severity.WARNING),
        SUPPRESSED(AlertType.SMS_SUPPRESSED, Severity.INFO);

        private final AlertType alertType;
        private final Severity severity;

        Status(AlertType alertType, Severity severity) {
            this.alertType = alertType;
            this.severity = severity;
        }
    }

    public SmsOutcome {
        references = List.copyOf(references);
    }

    /**
     * The outcome as an alert to record: type {@code sms_sent}, {@code sms_failed} or {@code sms_suppressed};
     * detail {@code alert_type}, {@code recipient}, {@code attempts}, {@code references} ("12,13"),
     * {@code reason}, each only when known.
     */
    public Event.Alert toAlert() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("alert_type", alertType);
        if (recipient != null) {
            detail.put("recipient", recipient);
        }
        detail.put("attempts", attempts);
        if (!references.isEmpty()) {
            detail.put("references", references.stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
        if (reason != null) {
            detail.put("reason", reason);
        }
        return new Event.Alert(status.alertType, status.severity, null, null, detail);
    }
}
