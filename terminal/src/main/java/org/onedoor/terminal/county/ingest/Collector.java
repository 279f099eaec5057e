package org.onedoor.terminal.county.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.onedoor.terminal.county.CountyEvent;
import org.onedoor.terminal.county.store.EventStore;
import org.tinylog.Logger;

/**
 * Subscribes to the county's event topics and stores what arrives, in batches. A message is acknowledged to the
 * broker only once its batch is committed (Paho's manual acks), so a collector that dies or a database that
 * fails loses nothing: the broker delivers the unacknowledged messages again, and the store ignores an id it has.
 * Several collectors with the same {@code share_group} split the messages between them ({@code $share/…}).
 */
public final class Collector implements AutoCloseable {
    /** Where the event kinds are published, under {@code {topic_root}/{county}/{venue}/{terminal}/}. */
    static final List<String> TOPICS = List.of("entry", "alert", "passage", "clock", "identity", "replay", "cmd/+/result");

    private final CollectorSettings settings;
    private final EventStore store;
    private final EventParser parser;
    private final Clock clock;
    private final BlockingQueue<Received> queue;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Thread writer;
    private volatile boolean running = true;
    private volatile long lastBatchMs;
    private MqttClient client;

    private record Received(CountyEvent event, int messageId, int qos) {
    }

    public Collector(CollectorSettings settings, EventStore store, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.parser = new EventParser(settings.topicRoot());
        this.queue = new ArrayBlockingQueue<>(Math.max(1024, settings.batchSize() * 4));
        this.writer = new Thread(this::writeLoop, "county-writer");
        this.lastBatchMs = clock.millis();
    }

    /** The topic filters this collector subscribes to, shared when a group is set. */
    public List<String> filters() {
        List<String> filters = new ArrayList<>();
        for (String topic : TOPICS) {
            String filter = settings.topicRoot() + "/" + settings.county() + "/+/+/" + topic;
            filters.add(settings.shareGroup().isEmpty() ? filter : "$share/" + settings.shareGroup() + "/" + filter);
        }
        return filters;
    }

    /** Connects, subscribes and starts storing; returns once subscribed. */
    public void start() throws MqttException {
        writer.start();
        client = new MqttClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(new Callback());
        MqttConnectOptions options = settings.connectOptions();
        client.connect(options);
        subscribe();
    }

    private void subscribe() throws MqttException {
        List<String> filters = filters();
        int[] qos = new int[filters.size()];
        java.util.Arrays.fill(qos, 1);
        client.subscribe(filters.toArray(String[]::new), qos);
        Logger.info("county collector subscribed to {} topics as {}{}", filters.size(), settings.clientId(),
                settings.shareGroup().isEmpty() ? "" : " in share group " + settings.shareGroup());
    }

    public MqttClient client() {
        return client;
    }

    public long stored() {
        return stored.get();
    }

    public long refused() {
        return refused.get();
    }

    /** True while the writer is not stuck: it has finished a batch within the last minute or has nothing to do. */
    public boolean alive() {
        return writer.isAlive() && (queue.isEmpty() || clock.millis() - lastBatchMs < 60_000);
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            EventParser.Parsed parsed = parser.parse(topic, message.getPayload());
            if (parsed.event().isEmpty()) {
                long n = refused.incrementAndGet();
                if (Long.bitCount(n) == 1) {
                    Logger.warn("refused a message on {}: {} ({} refused so far)", topic, parsed.refusal(), n);
                }
                client.messageArrivedComplete(message.getId(), message.getQos());
                return;
            }
            // Waits when the writer is behind; the broker holds the rest (QoS 1, unacknowledged).
            queue.put(new Received(parsed.event().get(), message.getId(), message.getQos()));
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                Logger.info("county collector reconnected to {}", serverUri);
                if (settings.connectOptions().isCleanSession()) {
                    try {
                        subscribe();
                    } catch (MqttException e) {
                        Logger.error("cannot subscribe again: {}", e.getMessage());
                    }
                }
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            Logger.warn("county collector lost the broker: {}; reconnecting", cause == null ? "closed" : cause.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
        }
    }

    private void writeLoop() {
        List<Received> batch = new ArrayList<>(settings.batchSize());
        while (running || !queue.isEmpty()) {
            try {
                Received first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    lastBatchMs = clock.millis();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, settings.batchSize() - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stores a batch and acknowledges it; on a database fault, tries again until it is stored. */
    private void write(List<Received> batch) throws InterruptedException {
        List<CountyEvent> events = new ArrayList<>(batch.size());
        for (Received r : batch) {
            events.add(r.event());
        }
        long backoffMs = 500;
        while (true) {
            try {
                store.insert(events, clock.millis());
                break;
            } catch (java.sql.SQLException e) {
                Logger.error("cannot store {} events ({}); trying again in {} ms", events.size(), e.getMessage(), backoffMs);
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
        stored.addAndGet(events.size());
        lastBatchMs = clock.millis();
        for (Received r : batch) {
            try {
                client.messageArrivedComplete(r.messageId(), r.qos());
            } catch (MqttException e) {
                // The broker sends it again after a reconnect; the store ignores the repeat.
                Logger.debug("acknowledgement not sent: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            if (client != null && client.isConnected()) {
                client.disconnect(2_000);
            }
        } catch (MqttException e) {
            Logger.debug("disconnect: {}", e.getMessage());
        }
        try {
            writer.join(10_000);
            if (client != null) {
                client.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MqttException e) {
            Logger.debug("close: {}", e.getMessage());
        }
    }
}
