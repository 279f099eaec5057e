package org.onedoor.terminal.ledger;

/**
 * What one retention pass did.
 *
 * @param blocked rows past retention that were kept because the county has not acknowledged them
 */
public record Purge(long deleted, long blocked) {
}
