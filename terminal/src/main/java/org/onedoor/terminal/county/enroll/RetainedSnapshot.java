package org.onedoor.terminal.county.enroll;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The retained messages under some topic filters, as the broker holds them now: the county's tools build their
 * view of enrollments and of the register from these alone, so they need no store of their own. The broker sends
 * retained messages right after the subscription; the snapshot ends when none has come for a quiet spell, or at
 * the deadline, whichever is first.
 */
public final class RetainedSnapshot {
    private static final Duration QUIET = Duration.ofMillis(700);
    private static final int MAX_BYTES = 64 * 1024;

    /** How the tool reaches the county's broker. */
    public record Broker(String url, Optional<String> username, Optional<char[]> password) {
        public MqttConnectOptions options() {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setAutomaticReconnect(false);
            o.setConnectionTimeout(10);
            username.ifPresent(o::setUserName);
            password.ifPresent(o::setPassword);
            return o;
        }

        public MqttClient client(String purpose) throws MqttException {
            MqttClient client = new MqttClient(url, "onedoor-county-" + purpose + "-"
                    + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
            client.setTimeToWait(10_000);
            client.connect(options());
            return client;
        }
    }

    private RetainedSnapshot() {
    }

    /** @return payloads by topic, retained ones only; a payload over 64 KiB is left out */
    public static Map<String, byte[]> take(Broker broker, Duration deadline, String... filters) throws MqttException {
        Map<String, byte[]> found = new TreeMap<>();
        Object lock = new Object();
        long[] lastArrival = {System.nanoTime()};
        try (MqttClient client = broker.client("snapshot")) {
            for (String filter : filters) {
                client.subscribe(filter, 0, (topic, message) -> {
                    synchronized (lock) {
                        if (message.isRetained() && message.getPayload().length <= MAX_BYTES) {
                            found.put(topic, message.getPayload());
                        }
                        lastArrival[0] = System.nanoTime();
                        lock.notifyAll();
                    }
                });
            }
            long end = System.nanoTime() + deadline.toNanos();
            synchronized (lock) {
                while (true) {
                    long now = System.nanoTime();
                    long quietEnd = lastArrival[0] + QUIET.toNanos();
                    long wake = Math.min(end, quietEnd);
                    if (now >= wake) {
                        break;
                    }
                    try {
                        lock.wait(Math.max(1, (wake - now) / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            client.disconnect();
            synchronized (lock) {
                return new TreeMap<>(found);
            }
        }
    }

    /** Publishes one retained message at QoS 1 and waits until the broker has it. */
    public static void publishRetained(Broker broker, String topic, byte[] payload) throws MqttException {
        try (MqttClient client = broker.client("answer")) {
            client.publish(topic, payload, 1, true);
            client.disconnect();
        }
    }
}
