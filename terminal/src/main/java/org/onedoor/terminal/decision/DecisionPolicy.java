package org.onedoor.terminal.decision;

import java.time.Duration;
import java.time.Instant;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.status.CachedStatus;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.status.Resolution;

/**
 * Turns a resolved status into a decision, by mode (docs/modes.md).
 *
 * <p>Entry lanes let in green only. Exit lanes open for everyone — nobody is kept inside, in any mode — but
 * still raise an alert for a red or yellow code, so the administrator hears of it. {@code lenient} also lets
 * in a person whose last known colour is a green younger than {@code lenientMaxAge} when no fresh status can
 * be had; {@code record-only} lets everyone through and shows the guard what strict would have done;
 * {@code lockdown} refuses every scanned entry (a lane opened by hand is no scan: {@code LanePipeline.openBy});
 * {@code emergency-open} records what it sees while the gates are held.
 */
public final class DecisionPolicy {
    public static final String LENIENT_GREEN = "lenient_green";
    public static final String LOCKDOWN = "lockdown";
    public static final String EMERGENCY_OPEN = "emergency_open";

    /** A text that is no code is not a person's decision: refused in every mode, the guard sees it blink red. */
    public static final Outcome UNRECOGNISED = Outcome.refuse("unrecognised", null);

    private final Duration lenientMaxAge;

    public DecisionPolicy(Duration lenientMaxAge) {
        this.lenientMaxAge = lenientMaxAge;
    }

    public Outcome decide(Mode mode, Direction direction, Resolution resolution, Instant now) {
        AlertType alert = alertFor(resolution.status());
        if (mode == Mode.EMERGENCY_OPEN) {
            return Outcome.heldOpen(EMERGENCY_OPEN, alert);
        }
        if (direction == Direction.EXIT) {
            return Outcome.grant("exit", alert);
        }
        if (mode == Mode.LOCKDOWN) {
            return Outcome.refuse(LOCKDOWN, alert);
        }
        Outcome strict = strict(resolution);
        if (mode == Mode.LENIENT && !strict.granted() && youngGreen(resolution.lastKnown(), now)) {
            return Outcome.grant(LENIENT_GREEN, null);
        }
        if (mode == Mode.RECORD_ONLY && !strict.granted()) {
            return admittedAnyway(strict);
        }
        return strict;
    }

    private static Outcome strict(Resolution resolution) {
        return switch (resolution.status()) {
            case GREEN -> Outcome.grant("green", null);
            case YELLOW -> Outcome.refuse(reasonOr(resolution, "yellow"), AlertType.YELLOW_CODE);
            case RED -> Outcome.refuse(reasonOr(resolution, "red"), AlertType.RED_CODE);
            case UNKNOWN -> Outcome.refuse(resolution.reason(), null);
        };
    }

    /** A signed code's policy says why it is yellow or red ({@code signed_expired}, …); others say the colour. */
    private static String reasonOr(Resolution resolution, String colour) {
        return resolution.reason() != null ? resolution.reason() : colour;
    }

    private boolean youngGreen(CachedStatus lastKnown, Instant now) {
        return lastKnown != null && lastKnown.status() == HealthStatus.GREEN
                && Duration.between(lastKnown.fetchedAt(), now).compareTo(lenientMaxAge) <= 0;
    }

    /** The relay opens; the lamps and the record say what strict would have done, and the county hears of it. */
    private static Outcome admittedAnyway(Outcome strict) {
        AlertType alert = strict.alert() != null ? strict.alert() : AlertType.UNVERIFIED_ADMITTED;
        return Outcome.admittedAnyway(strict.reason(), alert);
    }

    private static AlertType alertFor(HealthStatus status) {
        return switch (status) {
            case RED -> AlertType.RED_CODE;
            case YELLOW -> AlertType.YELLOW_CODE;
            default -> null;
        };
    }
}
