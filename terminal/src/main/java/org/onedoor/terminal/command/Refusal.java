package org.onedoor.terminal.command;

import java.util.Locale;

/** Why a command was refused; {@link #word()} is the {@code reason} of its result. */
public enum Refusal {
    /** Delivered with the retain flag: a retained command would run again at every reconnect. */
    RETAINED,
    /** Too large, not JSON, a field missing, unknown, of the wrong type or out of range. */
    MALFORMED,
    /** No signature at all. */
    UNSIGNED,
    /** A signature that is not one, or does not verify with the county's command key. */
    BAD_SIGNATURE,
    /** Signed for another terminal. */
    WRONG_TARGET,
    /** {@code expires_at} has passed. */
    EXPIRED,
    /** {@code issued_at} is further in the future than clocks may disagree. */
    NOT_YET_VALID,
    /** {@code expires_at − issued_at} is above the maximum lifetime. */
    TOO_LONG_LIVED,
    /** This {@code request_id} was accepted before. */
    REPLAYED,
    /** The terminal's clock is not known to be right, so no time check can be trusted. */
    CLOCK_NOT_SYNCHRONISED,
    /** No such command. */
    UNKNOWN_COMMAND,
    /** The request id could not be stored, so a replay could not be recognised: nothing is run. */
    UNRECORDABLE;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
