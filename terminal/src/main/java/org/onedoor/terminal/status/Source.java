package org.onedoor.terminal.status;

import java.util.Locale;

/** Where a {@link Resolution}'s status came from. */
public enum Source {
    /** The verify service answered within the budget. */
    ONLINE,
    /** The service failed; an earlier answer for the same person was still fresh. */
    CACHE,
    /** Neither: the status is {@link HealthStatus#UNKNOWN}. */
    NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
