package org.onedoor.terminal.ledger;

/** How much of the ledger a power cut may take; see docs/reliability.md. */
public enum Durability {
    /** synchronous=FULL: every commit is on the card before the relay moves. */
    POWER_SAFE("FULL"),
    /** synchronous=NORMAL: a commit survives a crash of the process; a power cut may lose the last few. */
    PROCESS_SAFE("NORMAL");

    private final String synchronous;

    Durability(String synchronous) {
        this.synchronous = synchronous;
    }

    String synchronous() {
        return synchronous;
    }
}
