package org.onedoor.terminal.lifecycle;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * One long-running part of the terminal: the ledger, the publisher, a lane's scanner. The daemon starts its
 * services in one order and stops them in the reverse one; {@link Services} holds that order.
 */
public interface Service {
    /** What the journal and a failed start call this part, e.g. {@code ledger} or {@code scanner east}. */
    String name();

    /** Starts the part; when this returns, the parts after it may use it. */
    void start() throws Exception;

    /** Stops the part and releases what it holds; called once, and only after a successful start. */
    void stop() throws Exception;

    /**
     * The checks the systemd watchdog asks before each ping, by name; each must answer at once (read a flag or a
     * timestamp, never wait). Most parts have none.
     */
    default Map<String, BooleanSupplier> liveness() {
        return Map.of();
    }
}
