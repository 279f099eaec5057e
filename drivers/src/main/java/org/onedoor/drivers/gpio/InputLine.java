package org.onedoor.drivers.gpio;

/**
 * One input pin in logical terms, debounced: active means asserted (button pressed, beam broken,
 * contact in alarm), whatever the wiring's polarity. Thread-safe.
 */
public interface InputLine extends AutoCloseable {
    /** BCM pin number. */
    int pin();

    String name();

    /** The debounced state. */
    boolean isActive();

    /**
     * Replaces the listener told of every debounced change. It runs on the backend's input thread,
     * one change at a time and in order, so it must not block for long; an exception it throws is
     * logged and the line goes on.
     */
    void listen(Listener listener);

    /** Stops listening and releases the pin; idempotent. A change being delivered may still finish. */
    @Override
    void close();

    @FunctionalInterface
    interface Listener {
        void changed(boolean active);
    }
}
