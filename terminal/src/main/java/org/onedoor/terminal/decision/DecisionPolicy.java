package org.onedoor.terminal.decision;

import org.onedoor.terminal.config.TerminalConfig.Direction;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.status.Resolution;

/**
 * Entry lanes let in green only; exit lanes open for everyone (nobody is kept inside) but still
 * raise an alert for a red or yellow code, so the administrator hears of it.
 */
public final class DecisionPolicy {
    public static final Outcome UNRECOGNISED = new Outcome(false, "unrecognised", null);

    public Outcome decide(Direction direction, Resolution resolution) {
        String alert = alertFor(resolution.status());
        if (direction == Direction.EXIT) {
            return new Outcome(true, "exit", alert);
        }
        return switch (resolution.status()) {
            case GREEN -> new Outcome(true, "green", null);
            case YELLOW -> new Outcome(false, "yellow", alert);
            case RED -> new Outcome(false, "red", alert);
            case UNKNOWN -> new Outcome(false, resolution.reason(), null);
        };
    }

    private static String alertFor(HealthStatus status) {
        return switch (status) {
            case RED -> "red_code";
            case YELLOW -> "yellow_code";
            default -> null;
        };
    }
}
