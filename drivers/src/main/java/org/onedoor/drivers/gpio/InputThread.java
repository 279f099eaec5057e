package org.onedoor.drivers.gpio;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The one thread a backend's inputs debounce and deliver on, started with the first input: a
 * terminal without inputs runs no extra thread.
 */
final class InputThread implements AutoCloseable {
    private ScheduledExecutorService scheduler;

    synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gpio-inputs");
                t.setDaemon(true);
                return t;
            });
        }
        return scheduler;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
