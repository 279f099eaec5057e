package org.onedoor.drivers.gpio;

/** A turnstile or door relay. Thread-safe. */
public interface Relay extends AutoCloseable {
    /** Energises for {@code ms}, then releases; a pulse during a pulse restarts the timer. */
    void pulse(int ms);

    /** Energises until {@link #release()}. */
    void hold();

    void release();

    boolean isActive();

    /** Releases and frees the line. */
    @Override
    void close();
}
