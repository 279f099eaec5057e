package org.onedoor.terminal.ledger;

import org.onedoor.terminal.event.Event;

/** What a lane needs of the ledger: commit an event before the relay moves, then seal the entry. */
public interface EventRecorder {
    /**
     * Commits the event; when this returns it survives a crash of the process.
     *
     * @throws LedgerException when it could not be written
     */
    Recorded append(Event event);

    /**
     * Completes a committed entry with how long it took to actuate and releases it to the outbox.
     *
     * @param latencyUs microseconds, or a negative value when actuation failed
     */
    void seal(long seq, long latencyUs);

    /**
     * Before the first scan: writes the event's row the way {@link #append} would and rolls it back, so that the
     * first entry does not pay for loading the statement's code. Leaves no row, takes no seq, tells no listener.
     */
    default void rehearse(Event event) {
    }
}
