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
}
