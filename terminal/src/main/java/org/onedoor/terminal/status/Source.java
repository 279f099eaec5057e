package org.onedoor.terminal.status;

import java.util.Locale;

/** Where a {@link Resolution}'s status came from. */
public enum Source {
    /** The verify service answered within the budget. */
    ONLINE,
    /** An earlier answer for the same person, still fresh: the service failed, or cache-first answered first. */
    CACHE,
    /** The county's risk list names the person: it decides whatever the service or the cache say. */
    RISKLIST,
    /** A signed code (HC1 / EU DCC), verified on the terminal against its trust list, with no network. */
    SIGNED,
    /** Neither: the status is {@link HealthStatus#UNKNOWN}. */
    NONE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
