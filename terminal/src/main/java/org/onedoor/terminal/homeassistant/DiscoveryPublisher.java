package org.onedoor.terminal.homeassistant;

import java.time.Duration;
import java.util.List;
import org.onedoor.terminal.mqtt.OutboxPublisher;
import org.tinylog.Logger;

/**
 * Publishes the discovery configurations, retained, at every connect ({@link OutboxPublisher#onConnect}): a broker
 * that lost its retained messages, or a Home Assistant that was reinstalled, learns the terminal again by the next
 * reconnect. Never through the ledger: a configuration is state, not an event.
 */
public final class DiscoveryPublisher implements Runnable {
    /**
     * At connect the outbox's backlog fills the in-flight window too; a configuration that finds no room is tried
     * again until this passes, then left for the next connect.
     */
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final long RETRY_PAUSE_MS = 20;

    private final OutboxPublisher publisher;
    private final List<DiscoveryConfigs.Config> configs;

    public DiscoveryPublisher(OutboxPublisher publisher, List<DiscoveryConfigs.Config> configs) {
        this.publisher = publisher;
        this.configs = List.copyOf(configs);
    }

    @Override
    public void run() {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        int sent = 0;
        for (DiscoveryConfigs.Config config : configs) {
            while (!publisher.publishDirectTo(config.topic(), config.payload(), true)) {
                if (!publisher.isConnected() || System.nanoTime() - deadline > 0) {
                    Logger.warn("Home Assistant discovery: {} of {} configurations sent; the rest at the next connect",
                            sent, configs.size());
                    return;
                }
                pause();
            }
            sent++;
        }
        Logger.info("Home Assistant discovery: {} configurations published", sent);
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
