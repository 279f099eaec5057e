package org.onedoor.terminal.ledger;

/** The ledger could not do what was asked: the database is unusable, full, or of an unknown version. */
public final class LedgerException extends RuntimeException {
    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }

    public LedgerException(String message) {
        super(message);
    }
}
