package org.onedoor.terminal.status;

import java.time.Duration;

/** Asks the verify service about one scanned code. */
public interface VerifyClient {

    /**
     * Returns within {@code budget} (plus scheduling slack), whatever the service does; every failure,
     * including a timeout, is a {@link VerifyOutcome.Failed}, never an exception.
     */
    VerifyOutcome verify(VerifyRequest req, Duration budget);

    /**
     * Before the first scan: asks the service about {@code probe} — a code no scanner can read, which the contract
     * answers without a side effect — so that the connection, TLS included, is open and the code that asks is
     * loaded when the first person comes. Changes nothing a later scan sees: no breaker count, no last success.
     */
    default VerifyOutcome warmUp(VerifyRequest probe, Duration timeout) {
        return verify(probe, timeout);
    }

    /** Whether calls are currently answered without asking the service (a circuit breaker is open). */
    default boolean breakerOpen() {
        return false;
    }
}
