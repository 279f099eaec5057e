package org.onedoor.terminal.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.onedoor.terminal.ledger.Outbox;
import org.onedoor.terminal.lifecycle.Service;

/**
 * The outbox publisher as a service. Subscriptions and connect actions are gathered before it starts, so the
 * parts that handle inbound messages or publish state exist before the first connection; until it has started,
 * it publishes nothing and shows as not connected.
 */
public final class PublisherService implements Service, DirectPublisher {
    private final MqttSettings settings;
    private final Supplier<? extends Outbox> outbox;
    private final List<Supplier<List<Subscription>>> subscriptions = new ArrayList<>();
    private final List<Consumer<OutboxPublisher>> whenStarted = new ArrayList<>();
    private volatile OutboxPublisher publisher;

    /** @param outbox the outbox, once its part has started */
    public PublisherService(MqttSettings settings, Supplier<? extends Outbox> outbox) {
        this.settings = settings;
        this.outbox = outbox;
    }

    /**
     * Listens to {@code more} on every connection; before start only. Asked for as the publisher starts, so a
     * handler may be made by a service started before it.
     */
    public PublisherService subscribe(Supplier<List<Subscription>> more) {
        subscriptions.add(more);
        return this;
    }

    /** Hands the publisher, as it starts, to {@code action}: to add what runs at each connect. Before start only. */
    public PublisherService whenStarted(Consumer<OutboxPublisher> action) {
        whenStarted.add(action);
        return this;
    }

    @Override
    public String name() {
        return "publisher";
    }

    @Override
    public void start() {
        OutboxPublisher started = OutboxPublisher.start(settings, outbox.get(),
                subscriptions.stream().flatMap(more -> more.get().stream()).toList());
        whenStarted.forEach(action -> action.accept(started));
        publisher = started;
    }

    @Override
    public void stop() {
        publisher.close();
    }

    /** The publisher thread alive. */
    @Override
    public Map<String, BooleanSupplier> liveness() {
        OutboxPublisher p = publisher;
        return p == null ? Map.of() : Map.of("publisher", p::isRunning);
    }

    @Override
    public boolean publishDirect(String topicSuffix, byte[] payload, boolean retained) {
        OutboxPublisher p = publisher;
        return p != null && p.publishDirect(topicSuffix, payload, retained);
    }

    @Override
    public boolean isConnected() {
        OutboxPublisher p = publisher;
        return p != null && p.isConnected();
    }
}
