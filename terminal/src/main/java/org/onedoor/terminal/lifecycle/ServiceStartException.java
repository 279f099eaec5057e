package org.onedoor.terminal.lifecycle;

/** A service could not start; the services started before it are stopped again, in reverse. */
public final class ServiceStartException extends Exception {
    private final String service;

    ServiceStartException(String service, Exception cause) {
        super(service + ": " + describe(cause), cause);
        this.service = service;
    }

    /** The name of the service that failed. */
    public String service() {
        return service;
    }

    private static String describe(Exception cause) {
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
