package org.onedoor.terminal.decision;

/**
 * How strict the gate is; docs/modes.md. {@code record-only} is for entrances without a turnstile,
 * {@code lockdown} and {@code emergency-open} are what an operator switches to when the venue must close or
 * empty. Software is not a life-safety device: fire egress is wired to the turnstile's own fire input.
 */
public enum Mode {
    STRICT, LENIENT, RECORD_ONLY, LOCKDOWN, EMERGENCY_OPEN;

    /** The spelling in the configuration and on the wire: {@code record-only}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
