package org.onedoor.terminal.daemon;

import java.util.Optional;

/**
 * The daemon cannot start. {@code configuration} marks faults an administrator must fix in the
 * configuration or its files (exit 78: systemd does not restart into the same fault).
 */
public final class StartupException extends Exception {
    private final boolean configuration;
    private final String part;

    public StartupException(String message, boolean configuration, Throwable cause) {
        this(message, configuration, cause, null);
    }

    private StartupException(String message, boolean configuration, Throwable cause, String part) {
        super(message, cause);
        this.configuration = configuration;
        this.part = part;
    }

    /** The same fault, raised while starting the service named {@code part}. */
    static StartupException inPart(String part, Throwable fault) {
        if (fault instanceof StartupException s) {
            return new StartupException(s.getMessage(), s.configuration, s.getCause(), part);
        }
        String message = fault.getMessage() != null ? fault.getMessage() : fault.getClass().getSimpleName();
        return new StartupException(message, false, fault, part);
    }

    public boolean isConfiguration() {
        return configuration;
    }

    /** The service that failed to start; empty for a fault found before any service started. */
    public Optional<String> part() {
        return Optional.ofNullable(part);
    }
}
