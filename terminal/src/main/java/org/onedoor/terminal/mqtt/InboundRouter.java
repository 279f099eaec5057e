package org.onedoor.terminal.mqtt;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.tinylog.Logger;

/**
 * Hands each inbound message to the {@link Subscription}s whose filter matches it, on one inbound thread
 * ({@code mqtt-inbound}) of its own: a slow handler (a large risk-list snapshot to verify and store) must not
 * hold up Paho's callback thread, and with it the acknowledgements of the outbox's messages. The same thread
 * runs the actions due after each connect.
 */
final class InboundRouter implements AutoCloseable {
    /** Inbound messages waiting for their handler; more than this and the newest are dropped (and logged). */
    private static final int INBOUND_QUEUE = 256;

    private final List<Subscription> subscriptions;
    private final RepeatLimiter repeats;
    private final ThreadPoolExecutor inbound;

    /** @param repeats the publisher's limiter: one line a minute per condition, whichever part logs it */
    InboundRouter(List<Subscription> subscriptions, RepeatLimiter repeats) {
        this.subscriptions = List.copyOf(subscriptions);
        this.repeats = repeats;
        this.inbound = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(INBOUND_QUEUE),
                r -> {
                    Thread t = new Thread(r, "mqtt-inbound");
                    t.setDaemon(true);
                    return t;
                }, (r, executor) -> repeats.admit("inbound full").ifPresent(
                        held -> Logger.warn("MQTT inbound queue full; a message was dropped{}", held)));
    }

    List<Subscription> subscriptions() {
        return subscriptions;
    }

    /** Queues the message for every subscription it matches; on Paho's callback thread, returns at once. */
    void route(String topic, byte[] payload, boolean retained) {
        for (Subscription subscription : subscriptions) {
            if (MqttTopic.isMatched(subscription.topicFilter(), topic)) {
                inbound.execute(() -> deliver(subscription, topic, payload, retained));
            }
        }
    }

    /** Runs an action due after a connect (retained state published anew) on the inbound thread. */
    void runAfterConnect(Runnable action) {
        inbound.execute(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                Logger.error(e, "MQTT on-connect action failed");
            }
        });
    }

    private void deliver(Subscription subscription, String topic, byte[] payload, boolean retained) {
        try {
            subscription.handler().onMessage(topic, payload, retained);
        } catch (RuntimeException e) {
            repeats.admit("handler " + subscription.topicFilter()).ifPresent(held -> Logger.error(
                    "handler for {} failed on a message of {} bytes: {}{}", subscription.topicFilter(),
                    payload.length, e.getClass().getName(), held));
        }
    }

    /** Stops the inbound thread; what is still queued is not handled. */
    @Override
    public void close() {
        inbound.shutdownNow();
    }
}
