package org.onedoor.drivers.gpio;

/**
 * How one lamp (or the buzzer) behaves: off, steady or blinking, for a while or until changed.
 *
 * @param onMs  blink on-time (ignored unless {@link Mode#BLINK})
 * @param offMs blink off-time (ignored unless {@link Mode#BLINK})
 * @param forMs how long the pattern lasts before the lamp goes off; 0 means until changed
 */
public record Pattern(Mode mode, int onMs, int offMs, int forMs) {
    public enum Mode { OFF, STEADY, BLINK }

    public static final Pattern OFF = new Pattern(Mode.OFF, 0, 0, 0);

    public static Pattern steady(int forMs) {
        return new Pattern(Mode.STEADY, 0, 0, forMs);
    }

    public static Pattern blink(int onMs, int offMs, int forMs) {
        return new Pattern(Mode.BLINK, onMs, offMs, forMs);
    }
}
