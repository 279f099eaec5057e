package org.onedoor.terminal.enrollment;

/** A request or answer that cannot be read or whose signature does not hold; the message never quotes it. */
public final class InvalidEnrollmentException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidEnrollmentException(String message) {
        super(message);
    }
}
