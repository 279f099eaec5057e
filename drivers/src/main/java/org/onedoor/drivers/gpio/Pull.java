package org.onedoor.drivers.gpio;

/** The pin's internal bias resistor. */
public enum Pull {
    UP, DOWN, OFF;

    /**
     * The usual wiring: a contact to ground with a pull-up is active-low; a contact to 3.3 V with a
     * pull-down is active-high.
     */
    public static Pull forPolarity(boolean activeLow) {
        return activeLow ? UP : DOWN;
    }
}
