package org.onedoor.terminal.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.onedoor.terminal.ledger.OutboxMessage;
import org.tinylog.Logger;

/**
 * One MQTT connection to the county broker; a new Paho client per connection, so no state survives a loss.
 * It announces the terminal {@code online} (retained, with {@code offline} as its will), renews the
 * subscriptions, and reports losses and acknowledgements to the publisher thread through {@link PahoEvents}.
 * A message larger than its subscription allows is discarded as it is read ({@link PacketLimitingInputStream}),
 * so no message can exhaust the heap.
 */
final class BrokerConnection implements MqttCallback {
    static final int QOS_AT_LEAST_ONCE = 1;
    private static final int CONNECT_TIMEOUT_S = 10;
    private static final long CONNECT_WAIT_MS = (CONNECT_TIMEOUT_S + 2) * 1_000L;
    private static final long AVAILABILITY_WAIT_MS = 5_000;
    private static final long QUIESCE_MS = 1_000;
    private static final long DISCONNECT_WAIT_MS = 2_000;
    private static final byte[] ONLINE = "online".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.US_ASCII);

    private final int generation;
    private final MqttSettings settings;
    private final PahoEvents events;
    private final InboundRouter inbound;
    private final AtomicLong lastAckEpochMs;
    private final MqttAsyncClient client;
    /** Discarded PUBLISHes, from Paho's reader thread to its callback thread, in arrival order. */
    private final Queue<Discarded> discarded = new ConcurrentLinkedQueue<>();
    private volatile boolean lost;
    private volatile Throwable lossCause;

    /**
     * @param generation     tells this connection's acknowledgements from those of an earlier one
     * @param lastAckEpochMs set to the wall-clock time of each acknowledgement
     */
    BrokerConnection(int generation, MqttSettings settings, PahoEvents events, InboundRouter inbound,
                     AtomicLong lastAckEpochMs) {
        this.generation = generation;
        this.settings = settings;
        this.events = events;
        this.inbound = inbound;
        this.lastAckEpochMs = lastAckEpochMs;
        try {
            this.client = new LimitedMqttClient(settings.serverUri(), settings.clientId(), inbound::payloadLimit,
                    (topic, packetId, bytes, retained) -> discarded.add(new Discarded(topic, packetId, bytes)));
        } catch (MqttException e) {
            // Only a malformed URI or client id gets here, and MqttSettings has validated both.
            throw new IllegalStateException("Cannot create MQTT client for " + settings.serverUri(), e);
        }
        client.setCallback(this);
    }

    int generation() {
        return generation;
    }

    boolean isConnected() {
        return client.isConnected();
    }

    /** Whether Paho reported the connection lost; {@link #lossCause} says why. */
    boolean isLost() {
        return lost;
    }

    Throwable lossCause() {
        return lossCause;
    }

    void open() throws MqttException {
        client.connect(options()).waitForCompletion(CONNECT_WAIT_MS);
        // Wait for this PUBACK before any event goes out: Paho counts it against the same in-flight limit.
        client.publish(settings.availabilityTopic(), ONLINE, QOS_AT_LEAST_ONCE, true)
                .waitForCompletion(AVAILABILITY_WAIT_MS);
        subscribe();
    }

    private void subscribe() throws MqttException {
        if (inbound.subscriptions().isEmpty()) {
            return;
        }
        String[] filters = inbound.subscriptions().stream().map(Subscription::topicFilter).toArray(String[]::new);
        int[] qos = new int[filters.length];
        Arrays.fill(qos, QOS_AT_LEAST_ONCE);
        client.subscribe(filters, qos).waitForCompletion(AVAILABILITY_WAIT_MS);
    }

    private MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setMaxInflight(settings.inflightWindow());
        options.setKeepAliveInterval(settings.keepAliveS());
        options.setConnectionTimeout(CONNECT_TIMEOUT_S);
        options.setWill(settings.availabilityTopic(), OFFLINE, QOS_AT_LEAST_ONCE, true);
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(options::setPassword);
        settings.tls().ifPresent(options::setSocketFactory);
        return options;
    }

    /**
     * Sends one event; false when Paho's own in-flight limit is momentarily full (its counter can lag
     * our window by an ack), in which case the event is sent again on the next round, still in order.
     */
    boolean publish(OutboxMessage message) throws MqttException {
        try {
            client.publish(settings.topicFor(message.topicSuffix()), message.payload(), QOS_AT_LEAST_ONCE,
                    false, message.seq(), null);
            return true;
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_MAX_INFLIGHT) {
                return false;
            }
            throw e;
        }
    }

    /** Publishes outside the outbox, without waiting for the acknowledgement. */
    void publishDirect(String topic, byte[] payload, boolean retained) throws MqttException {
        client.publish(topic, payload, QOS_AT_LEAST_ONCE, retained);
    }

    void announceOfflineAndDisconnect() {
        try {
            if (client.isConnected()) {
                client.publish(settings.availabilityTopic(), OFFLINE, QOS_AT_LEAST_ONCE, true)
                        .waitForCompletion(AVAILABILITY_WAIT_MS);
                client.disconnect(QUIESCE_MS).waitForCompletion(DISCONNECT_WAIT_MS);
            }
        } catch (MqttException e) {
            Logger.warn("MQTT clean disconnect failed ({})", describe(e));
        }
        closeQuietly();
    }

    void closeQuietly() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, DISCONNECT_WAIT_MS);
            }
            client.close(true);
        } catch (MqttException e) {
            Logger.debug("MQTT client close: {}", describe(e));
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        lost = true;
        lossCause = cause;
        events.wake();
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // Data messages carry their seq as the user context; the availability messages carry none.
        if (token.getException() == null && token.getUserContext() instanceof Long seq) {
            lastAckEpochMs.set(System.currentTimeMillis());
            events.ack(generation, seq);
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        byte[] payload = message.getPayload();
        Discarded cut = payload.length == 0 ? takeDiscarded(topic, message.getId()) : null;
        inbound.route(topic, payload, message.isRetained(), cut == null ? -1 : cut.bytes());
    }

    private Discarded takeDiscarded(String topic, int packetId) {
        Discarded head = discarded.peek();
        if (head != null && head.topic().equals(topic) && head.packetId() == packetId) {
            return discarded.poll();
        }
        return null;
    }

    /**
     * Paho's reason and, when Paho only wraps another failure (reason 0: a TLS handshake, a refused socket), that
     * failure: "MqttException" alone does not tell an administrator an untrusted certificate from a closed port.
     */
    static String describe(MqttException e) {
        Throwable cause = e.getCause();
        String what = cause == null ? e.getMessage() : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return "reason " + e.getReasonCode() + ": " + what;
    }

    /** A PUBLISH whose payload {@link PacketLimitingInputStream} discarded; Paho delivers it empty. */
    private record Discarded(String topic, int packetId, long bytes) {
    }
}
