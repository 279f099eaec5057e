package org.onedoor.terminal.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.onedoor.terminal.ledger.OutboxMessage;
import org.onedoor.terminal.mqtt.MqttSettings;

/**
 * The yardstick for the outbox: the plainest correct QoS 1 publishing loop over Paho's asynchronous client,
 * no database, no ordering or resend logic, at most {@code inflightWindow} messages awaiting their PUBACK.
 */
final class PahoQos1Loop {
    private static final Duration DEADLINE = Duration.ofSeconds(300);
    private static final long CONNECT_WAIT_MS = 10_000;

    private PahoQos1Loop() {
    }

    /** Publishes every message (same topic and payload as the outbox would); returns seconds from connect to last PUBACK. */
    static double publish(MqttSettings settings, List<OutboxMessage> messages) throws MqttException, InterruptedException {
        Semaphore window = new Semaphore(settings.inflightWindow());
        CountDownLatch allAcked = new CountDownLatch(messages.size());
        AtomicLong lastAckNanos = new AtomicLong();
        MqttAsyncClient client = new MqttAsyncClient(settings.serverUri(), settings.clientId() + "-paho",
                new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                lastAckNanos.set(System.nanoTime());
                window.release();
                allAcked.countDown();
            }

            @Override
            public void connectionLost(Throwable cause) {
                // The deadline below reports it as missing acknowledgements.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // Publishes only.
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(settings.inflightWindow());
        try {
            long start = System.nanoTime();
            client.connect(options).waitForCompletion(CONNECT_WAIT_MS);
            for (OutboxMessage m : messages) {
                window.acquire();
                send(client, settings.topicFor(m.topicSuffix()), m.payload());
            }
            if (!allAcked.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(allAcked.getCount() + " messages unacknowledged after " + DEADLINE);
            }
            return (lastAckNanos.get() - start) / 1e9;
        } finally {
            client.disconnect().waitForCompletion(CONNECT_WAIT_MS);
            client.close();
        }
    }

    /** Paho's own in-flight count can lag the semaphore by an acknowledgement still being handed over: retry. */
    private static void send(MqttAsyncClient client, String topic, byte[] payload) throws MqttException {
        while (true) {
            try {
                client.publish(topic, payload, 1, false);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }
}
