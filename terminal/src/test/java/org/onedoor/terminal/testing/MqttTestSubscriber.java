package org.onedoor.terminal.testing;

import org.onedoor.drivers.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** An independent MQTT client standing in for the county: subscribes with QoS 1 and records what arrives. */
public final class MqttTestSubscriber implements AutoCloseable {
    /** One delivery, duplicates included. */
    public record Received(String topic, byte[] payload, boolean retained) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static final int QOS_AT_LEAST_ONCE = 1;
    /** Paho's automatic reconnect starts at 1 s and doubles; a test outage should not cost more than that. */
    private static final int MAX_RECONNECT_DELAY_MS = 1_000;

    private final MqttClient client;
    private final List<Received> received = new ArrayList<>();

    private MqttTestSubscriber(String url, String clientId, boolean persistentSession, String filter)
            throws MqttException {
        client = new MqttClient(url, clientId, new MemoryPersistence());
        client.setCallback(new Recorder());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(!persistentSession);
        // A persistent session comes back by reconnecting; a clean one would come back without its subscription.
        options.setAutomaticReconnect(persistentSession);
        options.setMaxReconnectDelay(MAX_RECONNECT_DELAY_MS);
        client.connect(options);
        client.subscribe(filter, QOS_AT_LEAST_ONCE);
    }

    /** A clean-session subscriber with a random client id. */
    public static MqttTestSubscriber subscribe(String url, String filter) throws MqttException {
        return new MqttTestSubscriber(url, "test-sub-" + UUID.randomUUID(), false, filter);
    }

    /**
     * A persistent-session subscriber (cleanSession=false, fixed id) that reconnects by itself: while
     * it is away the broker queues its QoS 1 messages, across a restart too if the broker persists.
     */
    public static MqttTestSubscriber subscribePersistent(String url, String clientId, String filter)
            throws MqttException {
        return new MqttTestSubscriber(url, clientId, true, filter);
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public int count() {
        synchronized (received) {
            return received.size();
        }
    }

    /** Waits until at least {@code n} deliveries have arrived; fails the test at the deadline. */
    public List<Received> awaitCount(int n, Duration timeout) throws InterruptedException {
        try {
            Await.until(n + " messages", timeout, () -> count() >= n);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; received " + count(), e);
        }
        return received();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }

    private final class Recorder implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            synchronized (received) {
                received.add(new Received(topic, message.getPayload(), message.isRetained()));
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            // A persistent subscriber reconnects by itself; a clean one is simply done.
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // Subscribers publish nothing.
        }
    }
}
