package org.onedoor.terminal.mqtt;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.tinylog.Logger;

/**
 * Hands each inbound message to the {@link Subscription}s whose filter matches it. Handlers run on two inbound
 * threads, one per {@link Subscription.Delivery}, off Paho's callback thread: a slow handler (a large risk-list
 * snapshot to verify and store) must not hold up the acknowledgements of the outbox's messages, a flood of junk
 * commands is shed on Paho's thread before it costs anything, and never takes the place of a risk-list message,
 * which is never dropped (docs/mqtt.md, Inbound messages). The commands' thread also runs the actions due after
 * each connect.
 */
final class InboundRouter {
    /** Inbound messages waiting for their handler, per path; beyond this Paho's callback waits for room. */
    private static final int INBOUND_QUEUE = 256;

    private final RepeatLimiter repeats;
    private final InboundPath reliable = new InboundPath("mqtt-inbound", INBOUND_QUEUE);
    private final InboundPath sheddable = new InboundPath("mqtt-commands", INBOUND_QUEUE);
    private final AtomicLong shed = new AtomicLong();
    private final AtomicLong oversized = new AtomicLong();
    private List<Subscription> subscriptions = List.of();

    /** @param repeats the publisher's limiter: one line a minute per condition, whichever part logs it */
    InboundRouter(RepeatLimiter repeats) {
        this.repeats = repeats;
    }

    /**
     * Starts both threads. Called once, before the publisher thread starts, which publishes the subscriptions
     * to that thread and to Paho's callbacks.
     */
    void start(List<Subscription> subscriptions) {
        this.subscriptions = List.copyOf(subscriptions);
        reliable.start();
        sheddable.start();
    }

    List<Subscription> subscriptions() {
        return subscriptions;
    }

    /** Inbound messages a {@link Subscription.Delivery#SHEDDABLE} handler refused to admit, since start. */
    long shedCount() {
        return shed.get();
    }

    /** Inbound messages discarded as they were read for being above their subscription's limit, since start. */
    long oversizedCount() {
        return oversized.get();
    }

    /** The largest payload any subscription matching {@code topic} accepts; 0 for a topic none matches. */
    int payloadLimit(String topic) {
        int limit = 0;
        for (Subscription subscription : subscriptions) {
            if (MqttTopic.isMatched(subscription.topicFilter(), topic)) {
                limit = Math.max(limit, subscription.maxPayloadBytes());
            }
        }
        return limit;
    }

    /**
     * Hands the message to its subscriptions' paths, on Paho's callback thread. Paho acknowledges a QoS 1 message
     * when this returns, so nothing returns here before the message is either queued for its handler or
     * deliberately shed: a full path makes this wait, and the broker holds back what follows.
     *
     * @param discardedBytes the size of a message {@link PacketLimitingInputStream} discarded (Paho delivers it
     *                       empty), or -1 for a message that arrived whole
     */
    void route(String topic, byte[] payload, boolean retained, long discardedBytes) {
        if (discardedBytes >= 0) {
            oversized.incrementAndGet();
            repeats.admit("oversized").ifPresent(held -> Logger.warn(
                    "MQTT message of {} bytes on {} discarded: above the limit of {} bytes{}", discardedBytes, topic,
                    payloadLimit(topic), held));
        }
        for (Subscription subscription : subscriptions) {
            if (!MqttTopic.isMatched(subscription.topicFilter(), topic)) {
                continue;
            }
            Subscription.Handler handler = subscription.handler();
            if (discardedBytes >= 0) {
                Runnable lost = () -> lose(subscription, topic, Subscription.Loss.OVERSIZED, discardedBytes);
                if (!pathOf(subscription).hold(lost)) {
                    lost.run();
                }
            } else if (subscription.delivery() == Subscription.Delivery.SHEDDABLE
                    && !handler.admit(topic, payload, retained)) {
                shed.incrementAndGet();
            } else if (!pathOf(subscription).hold(() -> deliver(subscription, topic, payload, retained))) {
                // Only while the publisher closes: the handler still learns that a message went unhandled.
                lose(subscription, topic, Subscription.Loss.NOT_HANDLED, payload.length);
            }
        }
    }

    /**
     * Queues an action due after a connect (retained state published anew) on the commands' thread, without
     * waiting for room: the publisher thread must not stall behind a busy command path, and what these actions
     * publish goes out again at the next heartbeat or connect.
     */
    void runAfterConnect(Runnable action) {
        Runnable quiet = () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                Logger.error(e, "MQTT on-connect action failed");
            }
        };
        if (!sheddable.offer(quiet)) {
            repeats.admit("connect action").ifPresent(held -> Logger.warn(
                    "MQTT on-connect action skipped: the commands' path is full{}", held));
        }
    }

    /** Stops both threads; what is still queued is not handled. */
    void stop() {
        reliable.stop();
        sheddable.stop();
    }

    private void deliver(Subscription subscription, String topic, byte[] payload, boolean retained) {
        try {
            subscription.handler().onMessage(topic, payload, retained);
        } catch (RuntimeException e) {
            repeats.admit("handler " + subscription.topicFilter()).ifPresent(held -> Logger.error(
                    "handler for {} failed on a message of {} bytes: {}{}", subscription.topicFilter(),
                    payload.length, e.getClass().getName(), held));
            lose(subscription, topic, Subscription.Loss.HANDLER_FAILED, payload.length);
        }
    }

    private void lose(Subscription subscription, String topic, Subscription.Loss loss, long bytes) {
        try {
            subscription.handler().onLost(topic, loss, bytes);
        } catch (RuntimeException e) {
            repeats.admit("onLost " + subscription.topicFilter()).ifPresent(held -> Logger.error(e,
                    "handler for {} failed on a lost message{}", subscription.topicFilter(), held));
        }
    }

    private InboundPath pathOf(Subscription subscription) {
        return subscription.delivery() == Subscription.Delivery.RELIABLE ? reliable : sheddable;
    }
}
