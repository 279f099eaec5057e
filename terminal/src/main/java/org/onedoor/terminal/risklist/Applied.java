package org.onedoor.terminal.risklist;

import java.util.Locale;

/**
 * What {@link RiskList#offer} did with a message.
 *
 * @param detail one line for the log: versions, counts or the defect; never a pseudonym or a subject
 */
public record Applied(Result result, String detail) {

    public enum Result {
        /** A newer version took effect (stored first). */
        APPLIED,
        /** The same version, signed again later: only the list's age moved. */
        REFRESHED,
        /** Nothing new: an older or the same delta, or a snapshot we already hold. */
        IGNORED,
        /** A delta that does not start from our version: we stay on ours, flagged, until a newer snapshot. */
        GAP,
        REFUSED_SIGNATURE,
        /** An older snapshot, or a newer one of an older epoch. */
        REFUSED_ROLLBACK,
        REFUSED_COUNTY,
        /** Too many bytes or entries for this terminal's limits. */
        REFUSED_SIZE,
        /** Not a risk-list message: bad JSON, a missing or wrong field, or the kind of the other topic. */
        MALFORMED,
        /** A verified newer version could not be stored, so it did not take effect. */
        STORAGE_FAILED;

        /** Lower case, for logs and events. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the message changed what the terminal holds (its entries or its age). */
    public boolean tookEffect() {
        return result == Result.APPLIED || result == Result.REFRESHED;
    }

    @Override
    public String toString() {
        return result.wireName() + ": " + detail;
    }
}
