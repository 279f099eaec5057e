package org.onedoor.terminal.ledger;

/** How much of the ledger a power cut may take; see docs/reliability.md. */
public enum Durability {
    /** synchronous=FULL: every commit is on the card before the relay moves. */
    POWER_SAFE("FULL", 2),
    /** synchronous=NORMAL: a commit survives a crash of the process; a power cut may lose the last few. */
    PROCESS_SAFE("NORMAL", 1);

    private final String synchronous;
    private final int synchronousLevel;

    Durability(String synchronous, int synchronousLevel) {
        this.synchronous = synchronous;
        this.synchronousLevel = synchronousLevel;
    }

    int synchronousLevel() {
        return synchronousLevel;
    }

    String synchronous() {
        return synchronous;
    }
}
