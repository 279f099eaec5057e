package org.onedoor.terminal.mqtt;

import java.util.Objects;

/**
 * A topic the terminal listens to on its broker connection, subscribed again after every reconnect (the
 * session is clean), so a retained message — the risk list's snapshot — arrives anew each time.
 *
 * @param topicFilter     an MQTT topic filter
 * @param handler         runs on the inbound thread of its {@code delivery}, one message at a time, in arrival
 *                        order; it must treat the payload as hostile and must not throw
 * @param delivery        how the message reaches the handler when messages come faster than it handles them
 * @param maxPayloadBytes a larger message is discarded as it is read, never held in memory; the handler hears
 *                        of it through {@link Handler#onLost}
 */
public record Subscription(String topicFilter, Handler handler, Delivery delivery, int maxPayloadBytes) {
    /** What a subscription without a stated limit accepts. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;

    /** The two inbound paths; each has its own thread and queue, so neither can hold up the other. */
    public enum Delivery {
        /**
         * Never dropped: when the handler falls behind, the broker's callback waits, and since Paho acknowledges a
         * QoS 1 message only after the callback returns, the broker holds the rest (the county's risk list).
         */
        RELIABLE,
        /**
         * Screened first by {@link Handler#admit}, on the broker's callback thread, cheaply; what it refuses is
         * shed there, so a flood of junk costs little and never delays a {@link #RELIABLE} message. What it
         * admits is never dropped (signed commands).
         */
        SHEDDABLE
    }

    public Subscription {
        Objects.requireNonNull(topicFilter, "topicFilter");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(delivery, "delivery");
        if (maxPayloadBytes < 0) {
            throw new IllegalArgumentException("maxPayloadBytes must not be negative");
        }
    }

    /** A {@link Delivery#RELIABLE} subscription of messages up to {@link #DEFAULT_MAX_PAYLOAD_BYTES}. */
    public Subscription(String topicFilter, Handler handler) {
        this(topicFilter, handler, Delivery.RELIABLE, DEFAULT_MAX_PAYLOAD_BYTES);
    }

    /** Why a message for a subscription never reached {@link Handler#onMessage}. */
    public enum Loss {
        /** Larger than the subscription's limit: discarded as it was read. */
        OVERSIZED,
        /** The handler threw on it. */
        HANDLER_FAILED,
        /** The terminal was closing the connection before the handler could take it. */
        NOT_HANDLED
    }

    /** Receives one message. */
    @FunctionalInterface
    public interface Handler {
        /** @param retained whether the broker delivered a retained message (sent before this subscription) */
        void onMessage(String topic, byte[] payload, boolean retained);

        /**
         * For {@link Delivery#SHEDDABLE}: whether the message is worth handling; false sheds it. Runs on the broker's
         * callback thread, before the message is queued, so it must be quick (no signature check) and must not throw.
         */
        default boolean admit(String topic, byte[] payload, boolean retained) {
            return true;
        }

        /**
         * A message for this subscription arrived but was not handled. Runs on the handler's thread, in arrival
         * order.
         *
         * @param bytes the message's payload size
         */
        default void onLost(String topic, Loss loss, long bytes) {
        }
    }
}
