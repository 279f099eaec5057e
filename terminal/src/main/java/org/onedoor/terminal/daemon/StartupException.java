package org.onedoor.terminal.daemon;

/**
 * The daemon cannot start. {@code configuration} marks faults an administrator must fix in the
 * configuration or its files (exit 78: systemd does not restart into the same fault).
 */
public final class StartupException extends Exception {
    private final boolean configuration;

    public StartupException(String message, boolean configuration, Throwable cause) {
        super(message, cause);
        this.configuration = configuration;
    }

    public boolean isConfiguration() {
        return configuration;
    }
}
