package org.onedoor.terminal.county.ingest;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.onedoor.terminal.county.CountyEvent;
import org.onedoor.terminal.county.TerminalIdentity;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.mqtt.LimitedMqttClient;
import org.tinylog.Logger;

/**
 * Subscribes to the county's event topics and stores what arrives, in batches. A message is acknowledged to the
 * broker only once its batch is committed (Paho's manual acks), so a collector that dies or a database that
 * fails loses nothing: the broker delivers the unacknowledged messages again, and the store ignores an id it has.
 * Several collectors with the same {@code share_group} split the messages between them ({@code $share/…}).
 *
 * <p>What the broker sends is read through the terminal's own filter ({@link LimitedMqttClient}): a message above
 * its topic's limit is discarded as it is read, counted, logged by topic and size only, and acknowledged, so no
 * message can exhaust the heap or come back forever. The filter's buffered reader also spares Paho a system call for
 * each byte of a packet's header, which was much of the receive path's cost.
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
    private final AtomicLong oversized = new AtomicLong();
    /** Discarded PUBLISHes, from Paho's reader thread to its callback thread, in arrival order. */
    private final Queue<Discarded> discarded = new ConcurrentLinkedQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    private volatile long lastBatchMs;
    private MqttAsyncClient client;

    /** A message to store: an event or a terminal's identity. */
    private record Received(CountyEvent event, TerminalIdentity identity, int messageId, int qos) {
    }

    private record Discarded(String topic, int packetId, long bytes) {
    }

    private static final long WAIT_MS = 15_000;

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
        client = new LimitedMqttClient(settings.brokerUrl(), settings.clientId(), EventParser::payloadLimit,
                (topic, packetId, bytes, retained) -> discarded.add(new Discarded(topic, packetId, bytes)));
        client.setManualAcks(true);
        client.setCallback(new Callback());
        MqttConnectOptions options = settings.connectOptions();
        client.connect(options).waitForCompletion(WAIT_MS);
        subscribe();
    }

    private void subscribe() throws MqttException {
        List<String> filters = filters();
        int[] qos = new int[filters.size()];
        Arrays.fill(qos, 1);
        client.subscribe(filters.toArray(String[]::new), qos).waitForCompletion(WAIT_MS);
        Logger.info("county collector subscribed to {} topics as {}{}", filters.size(), settings.clientId(),
                settings.shareGroup().isEmpty() ? "" : " in share group " + settings.shareGroup());
    }

    public MqttAsyncClient client() {
        return client;
    }

    public long stored() {
        return stored.get();
    }

    /** Messages refused: not a documented payload, or above their topic's size limit. */
    public long refused() {
        return refused.get();
    }

    /** Of the refused, those discarded as they were read for their size. */
    public long oversized() {
        return oversized.get();
    }

    /** True while the writer is not stuck: it has finished a batch within the last minute or has nothing to do. */
    public boolean alive() {
        return writer.isAlive() && (queue.isEmpty() || clock.millis() - lastBatchMs < 60_000);
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            Discarded cut = discarded.peek();
            if (cut != null && cut.topic().equals(topic) && cut.packetId() == message.getId()
                    && message.getPayload().length == 0) {
                discarded.poll();
                oversized.incrementAndGet();
                refuse(topic, "payload of " + cut.bytes() + " bytes, above the limit of " + EventParser.payloadLimit(topic),
                        message);
                return;
            }
            EventParser.Parsed parsed = parser.parse(topic, message.getPayload());
            if (parsed.event().isEmpty() && parsed.identity().isEmpty()) {
                refuse(topic, parsed.refusal(), message);
                return;
            }
            // Waits when the writer is behind; the broker holds the rest (QoS 1, unacknowledged).
            queue.put(new Received(parsed.event().orElse(null), parsed.identity().orElse(null), message.getId(),
                    message.getQos()));
        }

        /** Counts, logs (powers of two only, never the payload) and acknowledges, so the broker does not send it again. */
        private void refuse(String topic, String why, MqttMessage message) throws MqttException {
            long n = refused.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                Logger.warn("refused a message on {}: {} ({} refused so far)", topic, why, n);
            }
            client.messageArrivedComplete(message.getId(), message.getQos());
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
        List<TerminalIdentity> identities = new ArrayList<>();
        for (Received r : batch) {
            if (r.event() != null) {
                events.add(r.event());
            } else {
                identities.add(r.identity());
            }
        }
        long backoffMs = 500;
        while (true) {
            try {
                if (!identities.isEmpty()) {
                    store.upsertIdentities(identities, clock.millis());
                }
                if (!events.isEmpty()) {
                    store.insert(events, clock.millis());
                }
                break;
            } catch (SQLException e) {
                Logger.error("cannot store {} events ({}); trying again in {} ms", events.size(), e.getMessage(), backoffMs);
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
        stored.addAndGet(batch.size());
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
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            Logger.debug("disconnect: {}", e.getMessage());
        }
        try {
            writer.join(10_000);
            if (client != null) {
                // Forced: a client still reconnecting refuses a plain close and would keep trying.
                client.close(true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MqttException e) {
            Logger.debug("close: {}", e.getMessage());
        }
    }
}
