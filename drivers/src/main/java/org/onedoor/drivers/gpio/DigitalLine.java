package org.onedoor.drivers.gpio;

/**
 * One output pin in logical terms: active means energised (relay pulled, LED lit), whatever the
 * wiring's polarity. Implementations are thread-safe.
 */
public interface DigitalLine extends AutoCloseable {
    /** BCM pin number. */
    int pin();

    String name();

    void set(boolean active);

    boolean isActive();

    /** Drives the line to its safe (inactive) state and releases it; idempotent. */
    @Override
    void close();
}
