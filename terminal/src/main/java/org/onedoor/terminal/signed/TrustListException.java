package org.onedoor.terminal.signed;

/** A trust list, certificate or key that cannot be used, with a message fit for an operator. */
public final class TrustListException extends Exception {
    public TrustListException(String message) {
        super(message);
    }

    public TrustListException(String message, Throwable cause) {
        super(message, cause);
    }
}
