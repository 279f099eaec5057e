package org.onedoor.terminal.lane;

import org.onedoor.terminal.decision.Outcome;

/**
 * Hears what a lane did, whatever the credential (a code, a signed code, a card, the guard's button, the county's
 * {@code open}): each outcome once the relay and lamps are written, and each change of its scanner or ID-card reader. Called on the
 * lane's own thread, so a listener only takes note or hands over, and never throws; the prompts and the passage
 * allowance listen here.
 */
public interface LaneListener {
    /** The lane acted on {@code outcome}: its relay and lamps are already written. */
    void acted(Outcome outcome);

    /** The lane's scanner or ID-card reader went down or came back: {@link LanePipeline#devices()} says which is up. */
    default void devicesChanged() {
    }
}
