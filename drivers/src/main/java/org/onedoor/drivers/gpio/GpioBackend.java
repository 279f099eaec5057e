package org.onedoor.drivers.gpio;

import java.time.Duration;

/** Creates output and input lines; one backend per process. */
public interface GpioBackend extends AutoCloseable {
    /**
     * Claims a BCM pin as an output whose initial and shutdown state is inactive (safe).
     *
     * @param activeLow true when the load is energised by a low level (most relay boards)
     */
    DigitalLine output(int bcmPin, String name, boolean activeLow);

    /**
     * Claims a BCM pin as a debounced input. A change counts once the level has held for
     * {@code debounce}: a bounce train gives one change, a shorter glitch none.
     *
     * @param activeLow true when the contact, when asserted, pulls the line low (a switch to ground
     *                  with a pull-up)
     */
    InputLine input(int bcmPin, String name, boolean activeLow, Pull pull, Duration debounce);

    /** Drives every output it created to its safe state and releases every line. */
    @Override
    void close();
}
