package org.onedoor.terminal.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.tinylog.Logger;

/**
 * The terminal's services in start order. Start runs down the list; stop runs back up it; a service that fails
 * to start stops the ones already started, in reverse, so nothing is left holding a port or an output.
 * Start, stop and the liveness query are serialised: a stop signal during a start waits for it.
 */
public final class Services {
    private final List<Service> services = new ArrayList<>();
    private final List<Service> started = new ArrayList<>();

    /** Appends {@code service} to the start order; returns it, for the parts after it to use. */
    public synchronized <S extends Service> S add(S service) {
        if (services.stream().anyMatch(s -> s.name().equals(service.name()))) {
            throw new IllegalArgumentException("two services named " + service.name());
        }
        services.add(service);
        return service;
    }

    /** The services in start order. */
    public synchronized List<Service> list() {
        return List.copyOf(services);
    }

    /** Starts every service not yet started, in order; on a failure, stops the started ones in reverse. */
    public synchronized void start() throws ServiceStartException {
        for (Service service : services.subList(started.size(), services.size())) {
            try {
                service.start();
            } catch (Exception e) {
                // Said once, by whoever started the terminal; the journal needs no second line about it.
                stop();
                throw new ServiceStartException(service.name(), e);
            }
            started.add(service);
        }
    }

    /** Stops the started services, last started first; one that fails to stop does not keep the rest running. */
    public synchronized void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            Service service = started.remove(i);
            try {
                service.stop();
            } catch (Exception e) {
                Logger.error("stopping {} failed: {}", service.name(), e.getMessage());
            }
        }
    }

    /** Every started service's watchdog checks, in start order. */
    public synchronized Map<String, BooleanSupplier> liveness() {
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        started.forEach(service -> checks.putAll(service.liveness()));
        return checks;
    }
}
