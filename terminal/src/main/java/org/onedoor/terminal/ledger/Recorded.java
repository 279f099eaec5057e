package org.onedoor.terminal.ledger;

/** An event as committed: its identity and time. */
public record Recorded(long seq, String id, String ts) {
}
