package org.onedoor.terminal.inputs;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.onedoor.terminal.decision.Outcome;
import org.onedoor.terminal.lane.LaneListener;

/**
 * The passages a lane's grants account for: each outcome that pulsed the relay, whatever the credential, allows
 * one passage within the window; several grants in a row allow as many. A passage that finds no allowance went
 * through unchecked (应扫码未扫码). While the gates stand open for everyone (emergency-open, a fire alarm's
 * hold) nobody is expected to be checked, so no passage counts as unchecked.
 */
public final class PassageAllowance implements LaneListener {
    private final long windowNanos;
    private final BooleanSupplier openForAll;
    private final LongSupplier nanoTime;
    /** The {@link System#nanoTime()} by which each allowance expires, oldest first; guarded by this. */
    private final ArrayDeque<Long> expiries = new ArrayDeque<>();

    /**
     * @param openForAll whether the gates are held open for everyone right now
     * @param nanoTime   a monotonic clock ({@code System::nanoTime})
     */
    public PassageAllowance(Duration window, BooleanSupplier openForAll, LongSupplier nanoTime) {
        this.windowNanos = window.toNanos();
        this.openForAll = openForAll;
        this.nanoTime = nanoTime;
    }

    /** A grant that pulsed the relay allows one passage; a refusal or a scan while held open allows none. */
    @Override
    public synchronized void acted(Outcome outcome) {
        if (outcome.pulse()) {
            expiries.addLast(nanoTime.getAsLong() + windowNanos);
        }
    }

    /** Takes the oldest allowance still valid for a passage now; false when there is none: unchecked. */
    public synchronized boolean admitsPassage() {
        long now = nanoTime.getAsLong();
        while (!expiries.isEmpty() && expiries.peekFirst() - now < 0) {
            expiries.removeFirst();
        }
        if (expiries.pollFirst() != null) {
            return true;
        }
        return openForAll.getAsBoolean();
    }
}
