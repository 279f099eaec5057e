package org.onedoor.terminal.decision;

import org.onedoor.terminal.event.AlertType;

/**
 * What the gate does about one scan, and why.
 *
 * @param granted     whether the person is let through (the recorded result)
 * @param reason      from the documented list in docs/mqtt.md
 * @param alert       the alert type to raise, or null
 * @param pulse       whether the relay is pulsed: not while the gates are held open
 * @param showGranted whether the lamps show green; in mode {@code record-only} a person is let through but the
 *                    guard still sees the refusal the gate would have made
 */
public record Outcome(boolean granted, String reason, AlertType alert, boolean pulse, boolean showGranted) {

    /** Let through: the relay pulses, the lamps show green. */
    public static Outcome grant(String reason, AlertType alert) {
        return new Outcome(true, reason, alert, true, true);
    }

    /** Kept out: no pulse, the lamps show red. */
    public static Outcome refuse(String reason, AlertType alert) {
        return new Outcome(false, reason, alert, false, false);
    }

    /** Let through while the gates are held open ({@code emergency-open}): nothing to pulse, the lamps show green. */
    public static Outcome heldOpen(String reason, AlertType alert) {
        return new Outcome(true, reason, alert, false, true);
    }

    /**
     * Let through although strict would have refused ({@code record-only}): the relay pulses, the lamps show
     * the refusal so the guard sees it.
     */
    public static Outcome admittedAnyway(String reason, AlertType alert) {
        return new Outcome(true, reason, alert, true, false);
    }

    public String result() {
        return granted ? "granted" : "refused";
    }
}
