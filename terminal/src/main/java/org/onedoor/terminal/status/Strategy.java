package org.onedoor.terminal.status;

/** Where a scan looks first: the service within its budget, or a fresh cached status. */
public enum Strategy {
    ONLINE_FIRST, CACHE_FIRST;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
