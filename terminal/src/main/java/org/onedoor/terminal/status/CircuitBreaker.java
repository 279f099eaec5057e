package org.onedoor.terminal.status;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.onedoor.drivers.retry.Backoff;

/**
 * When to stop asking a service that keeps failing, and when to try it again. It counts consecutive
 * faults; at the threshold it opens, and stays open until a probe (or an answer already under way)
 * shows the service alive. Probes are spaced by a backoff: a delay that doubles after each failed
 * probe, up to a cap, with jitter so that a county's terminals do not probe a recovering service
 * in step. It only keeps the state: the caller sends the probes. Thread-safe.
 */
final class CircuitBreaker {

    private final int faultsToOpen;
    private final Backoff probeDelays; // guarded by this
    private int consecutiveFaults; // guarded by this
    private boolean open; // guarded by this
    private boolean probePending; // guarded by this

    /**
     * @param faultsToOpen consecutive faults that open the breaker, at least 1
     * @param probeDelays  the waits between opening and the first probe, and between probes
     */
    CircuitBreaker(int faultsToOpen, Backoff probeDelays) {
        if (faultsToOpen < 1) {
            throw new IllegalArgumentException("faultsToOpen must be at least 1: " + faultsToOpen);
        }
        this.faultsToOpen = faultsToOpen;
        this.probeDelays = Objects.requireNonNull(probeDelays);
    }

    synchronized boolean isOpen() {
        return open;
    }

    /**
     * A request failed in a way that blames the service.
     *
     * @return true when this fault opened the breaker
     */
    synchronized boolean recordFault() {
        if (open || ++consecutiveFaults < faultsToOpen) {
            return false;
        }
        open = true;
        probeDelays.reset();
        return true;
    }

    /**
     * Called after opening the breaker.
     *
     * @return the wait before the first probe, which the caller then sends; empty when the breaker
     *         has closed meanwhile, or when a probe left from an earlier opening is still pending
     *         (it will find the breaker open)
     */
    synchronized Optional<Duration> startProbing() {
        if (!open || probePending) {
            return Optional.empty();
        }
        probePending = true;
        return Optional.of(probeDelays.next());
    }

    /**
     * A request found the service alive: the fault count starts again and the breaker closes.
     *
     * @return true when this closed an open breaker
     */
    synchronized boolean recordAlive() {
        consecutiveFaults = 0;
        boolean wasOpen = open;
        open = false;
        return wasOpen;
    }

    /**
     * The pending probe is due. When the breaker has closed meanwhile the probe is dropped.
     *
     * @return true when the caller should send the probe
     */
    synchronized boolean probeDue() {
        if (!open) {
            probePending = false;
        }
        return open;
    }

    /**
     * The probe found the service alive, and the breaker closes.
     *
     * @return true when this closed it (rather than a request answered meanwhile)
     */
    synchronized boolean recordProbeAlive() {
        probePending = false;
        return recordAlive();
    }

    /**
     * The probe found the service still failing.
     *
     * @return the wait before the next probe, or empty when the breaker has closed meanwhile
     */
    synchronized Optional<Duration> recordProbeFault() {
        if (!open) {
            probePending = false;
            return Optional.empty();
        }
        return Optional.of(probeDelays.next());
    }
}
