package org.onedoor.terminal.decision;

/**
 * What the gate does about one scan, and why.
 *
 * @param reason from the documented list in docs/mqtt.md
 * @param alert  the alert type to raise, or null
 */
public record Outcome(boolean granted, String reason, String alert) {
    public String result() {
        return granted ? "granted" : "refused";
    }
}
