package org.onedoor.drivers.gpio;

/** A turnstile or door relay. Thread-safe. */
public interface Relay extends AutoCloseable {
    /**
     * Energises for {@code ms}, then releases. A pulse asked for during a pulse follows it after a
     * short gap, so that every grant reaches the turnstile as its own pulse.
     */
    void pulse(int ms);

    /** Energises until {@link #release()}, within the relay's maximum on-time. */
    void hold();

    /**
     * Energises until {@link #release()}, with no time limit: only for holding a gate open on purpose
     * (the operator's emergency-open mode), never for a single person.
     */
    void holdOpen();

    void release();

    boolean isActive();

    /** Releases and frees the line. */
    @Override
    void close();
}
