package org.onedoor.terminal.status;

import java.time.Duration;

/** Asks the verify service about one scanned code. */
public interface VerifyClient {

    /**
     * Returns within {@code budget} (plus scheduling slack), whatever the service does; every failure,
     * including a timeout, is a {@link VerifyOutcome.Failed}, never an exception.
     */
    VerifyOutcome verify(VerifyRequest req, Duration budget);

    /** Whether calls are currently answered without asking the service (a circuit breaker is open). */
    default boolean breakerOpen() {
        return false;
    }
}
