package org.onedoor.terminal.ledger;

import java.time.Duration;

/**
 * How the ledger keeps its rows.
 *
 * @param retention published rows older than this are deleted; unpublished ones never are
 * @param maxSizeMb a cap on the database file, 0 for none but the disk's own
 */
public record LedgerSettings(Durability durability, Duration retention, int maxSizeMb) {
}
