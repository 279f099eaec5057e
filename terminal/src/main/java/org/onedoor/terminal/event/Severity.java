package org.onedoor.terminal.event;

/** How urgent an alert is; published as its lower-case name (docs/mqtt.md). */
public enum Severity {
    /** Someone must act now: a red code, a forced door, a ledger that cannot write. */
    HIGH,
    /** Worth a look: stale data, a burst of unknown codes, an SMS that failed. */
    WARNING,
    /** A condition cleared, or a change someone made. */
    INFO;

    /** The published form, as {@link #wire()}: logs and messages read the same as the payloads. */
    @Override
    public String toString() {
        return wire();
    }

    /** The published form. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
