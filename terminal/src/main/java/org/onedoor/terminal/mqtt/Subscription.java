package org.onedoor.terminal.mqtt;

import java.util.Objects;

/**
 * A topic the terminal listens to on its broker connection, subscribed again after every reconnect (the
 * session is clean), so a retained message — the risk list's snapshot — arrives anew each time.
 *
 * @param topicFilter an MQTT topic filter
 * @param handler     runs on the publisher's inbound thread, one message at a time, in arrival order; it must
 *                    treat the payload as hostile and must not throw
 */
public record Subscription(String topicFilter, Handler handler) {

    public Subscription {
        Objects.requireNonNull(topicFilter, "topicFilter");
        Objects.requireNonNull(handler, "handler");
    }

    /** Receives one message. */
    @FunctionalInterface
    public interface Handler {
        /** @param retained whether the broker delivered a retained message (sent before this subscription) */
        void onMessage(String topic, byte[] payload, boolean retained);
    }
}
