package org.onedoor.terminal.event;

/**
 * Where the terminal's own events go (alerts, clock corrections); in the daemon, the ledger. Never throws: an
 * event that cannot be recorded is logged by the sink, and the caller carries on.
 */
@FunctionalInterface
public interface EventSink {
    void record(Event event);
}
