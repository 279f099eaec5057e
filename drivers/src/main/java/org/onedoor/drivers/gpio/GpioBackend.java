package org.onedoor.drivers.gpio;

/** Creates output lines; one backend per process. */
public interface GpioBackend extends AutoCloseable {
    /**
     * Claims a BCM pin as an output whose initial and shutdown state is inactive (safe).
     *
     * @param activeLow true when the load is energised by a low level (most relay boards)
     */
    DigitalLine output(int bcmPin, String name, boolean activeLow);

    /** Drives every line it created to its safe state and releases them. */
    @Override
    void close();
}
