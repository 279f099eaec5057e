package org.onedoor.drivers.gpio;

/** A lane's LEDs and buzzer. Lamps that are not wired are ignored. Thread-safe. */
public interface Indicators extends AutoCloseable {
    /** Replaces the lamp's current pattern. */
    void show(Lamp lamp, Pattern pattern);

    /** Whether the lamp is lit at this instant (a blinking lamp may be in its off phase). */
    boolean isLit(Lamp lamp);

    /** Turns every lamp off and frees the lines. */
    @Override
    void close();
}
