package org.onedoor.terminal.decision;

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
public record Outcome(boolean granted, String reason, String alert, boolean pulse, boolean showGranted) {

    public static Outcome grant(String reason, String alert) {
        return new Outcome(true, reason, alert, true, true);
    }

    public static Outcome refuse(String reason, String alert) {
        return new Outcome(false, reason, alert, false, false);
    }

    public String result() {
        return granted ? "granted" : "refused";
    }
}
