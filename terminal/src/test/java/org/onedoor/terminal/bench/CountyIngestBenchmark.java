package org.onedoor.terminal.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.county.CountyEvents;
import org.onedoor.terminal.county.ingest.Collector;
import org.onedoor.terminal.county.ingest.CollectorSettings;
import org.onedoor.terminal.county.ingest.EventParser;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.event.EventIds;
import org.onedoor.terminal.mqtt.LimitedMqttClient;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.PostgresServer;
import org.onedoor.terminal.bench.RecordedFleet.Message;
import org.opentest4j.TestAbortedException;

/**
 * The county collector's ingest rate: a recorded stream of entries from 100 terminals (200,000 events; 20,000 with
 * --quick) published at QoS 1 to Mosquitto on 127.0.0.1, one collector storing them in batches. Two figures per
 * database: "live", the fleet publishing (a connection per terminal replaying its recorded QoS 1 packets) while the
 * collector stores, timed from the fleet's start to the last event committed; and "backlog", the
 * broker holding the whole stream for the collector's offline persistent session, timed from the collector's connect
 * to the last event committed, the collector's own rate. Into SQLite, then into PostgreSQL when its binaries are
 * installed. First, the ceiling both are read against: the same backlog delivered to a subscriber that stores nothing.
 */
public final class CountyIngestBenchmark implements Benchmark {
    private static final String NAME = "county-ingest";
    private static final int TERMINALS = 100;
    private static final int BATCH = 1000;
    /** As docs/county.md advises a county's broker (Mosquitto's {@code max_inflight_messages}). */
    private static final int WINDOW = 1000;
    /** The publisher's own window of messages sent and not yet acknowledged. */
    private static final int PUBLISH_WINDOW = 1000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Figure> run(BenchOptions options) throws Exception {
        int events = options.quick() ? 20_000 : 200_000;
        Path dir = Files.createDirectories(options.workDir().resolve(NAME));
        List<Message> stream = record(events);
        List<Figure> figures = new ArrayList<>();
        figures.add(ceiling(stream));
        RecordedFleet fleet = new RecordedFleet(stream);
        figures.addAll(measure("SQLite", fresh(dir.resolve("county.db")), fresh(dir.resolve("county-backlog.db")), stream,
                fleet));
        try (PostgresServer postgres = PostgresServer.start()) {
            figures.addAll(measure("PostgreSQL", postgres.newDatabase("bench"), postgres.newDatabase("bench_backlog"), stream,
                    fleet));
        } catch (TestAbortedException e) {
            System.out.println(NAME + ": PostgreSQL skipped: " + e.getMessage());
        }
        return figures;
    }

    /** A store file's path, emptied of an earlier run's events. */
    private static String fresh(Path db) throws java.io.IOException {
        for (String suffix : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        return db.toString();
    }

    /** Entries round-robin over the terminals, each terminal's seq rising by one, 10 ms apart. */
    private static List<Message> record(int events) {
        List<Message> stream = new ArrayList<>(events);
        Instant start = Instant.parse("2026-11-21T08:00:00Z");
        for (int i = 0; i < events; i++) {
            int t = i % TERMINALS;
            long seq = i / TERMINALS + 1;
            String terminal = "t-" + t;
            String venue = "venue-" + t / 2;
            String subject = String.format("%064x", (long) i * 2_654_435_761L);
            Instant ts = start.plusMillis(i * 10L);
            String entry = CountyEvents.entry(terminal, venue, seq, 1, seq * 1000, ts, true, subject);
            // A terminal's ids are UUIDv7 (docs/mqtt.md), rising with time, not CountyEvents' random ones: the store's
            // id index then takes them near its end rather than at random pages, as it does from a real fleet.
            entry = entry.replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + EventIds.next(ts.toEpochMilli()) + "\"");
            stream.add(new Message("onedoor/v1/430124/" + venue + "/" + terminal + "/entry",
                    entry.getBytes(StandardCharsets.UTF_8)));
        }
        return stream;
    }

    private static List<Figure> measure(String database, String live, String backlog, List<Message> stream,
            RecordedFleet fleet) throws Exception {
        // As docs/county.md advises a county's broker: room for a batch in flight to the collector (default 20).
        try (MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY)
                .setting("max_inflight_messages " + WINDOW).start()) {
            return List.of(live(broker, database, live, stream, fleet), backlog(broker, database, backlog, stream));
        }
    }

    /**
     * Publishing and storing at once, as a county's terminals do: timed from the fleet's start to the last event
     * committed, with the moment the broker had acknowledged the fleet's last message beside it.
     */
    private static Figure live(MosquittoBroker broker, String database, String location, List<Message> stream,
            RecordedFleet fleet) throws Exception {
        try (EventStore store = EventStore.open(location);
             Collector collector = new Collector(settings(broker, "bench-county", false), store, Clock.systemUTC())) {
            collector.start();
            long begin = System.nanoTime();
            double published = fleet.publish(broker.port(), begin);
            double seconds = stored(collector, store, database, stream, begin);
            // Each event once (the count, and the store's unique id), and none missing from any terminal's seqs.
            List<?> gaps = store.gaps(Long.MAX_VALUE);
            if (!gaps.isEmpty()) {
                throw new IllegalStateException(database + " is missing seqs: " + gaps);
            }
            double rate = stream.size() / seconds;
            System.out.printf("%s %s live: %d events from a fleet of %d terminals stored in %.2f s (the fleet had published"
                    + " everything at %.2f s): %.0f events/s%n", NAME, database, stream.size(), fleet.terminals(), seconds,
                    published, rate);
            Map<String, Object> conditions = conditions("live", stream);
            conditions.put("publishers", fleet.terminals() + " connections, one per terminal, replaying its recorded QoS 1"
                    + " PUBLISH packets");
            conditions.put("fleet_published_s", published);
            return new Figure(NAME, "ingest into " + database, rate, "/s", conditions);
        }
    }

    /**
     * The collector alone: the whole stream is first published to the broker while the collector's persistent session is
     * offline (the broker queues it, as it does for a collector that was down), then the collector connects and drains
     * it, timed from its connect to the last event committed. The publisher is out of the measured path.
     */
    private static Figure backlog(MosquittoBroker broker, String database, String location, List<Message> stream)
            throws Exception {
        try (EventStore store = EventStore.open(location)) {
            try (Collector subscriber = new Collector(settings(broker, "bench-county-backlog", true), store,
                    Clock.systemUTC())) {
                subscriber.start();
            }
            double published = publish(broker, stream, System.nanoTime());
            try (Collector collector = new Collector(settings(broker, "bench-county-backlog", true), store,
                    Clock.systemUTC())) {
                long begin = System.nanoTime();
                collector.start();
                double seconds = stored(collector, store, database, stream, begin);
                double rate = stream.size() / seconds;
                System.out.printf("%s %s backlog: %d events queued by the broker (published in %.1f s), drained and stored"
                        + " in %.1f s: %.0f events/s%n", NAME, database, stream.size(), published, seconds, rate);
                return new Figure(NAME, "ingest into " + database + " from a backlog", rate, "/s",
                        conditions("backlog", stream));
            }
        }
    }

    /**
     * The reference the collector's backlog figures are read against: the same broker, window and queued stream
     * delivered to a Paho client (the collector's, through the same size filter) that stores nothing and acknowledges each
     * message as it arrives. What is left to the collector is the gap between this and its own backlog figure.
     */
    private static Figure ceiling(List<Message> stream) throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY)
                .setting("max_inflight_messages " + WINDOW).start()) {
            AtomicLong arrived = new AtomicLong();
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(false);
            LimitedMqttClient subscriber = new LimitedMqttClient(broker.url(), "bench-no-op", EventParser::payloadLimit,
                    (topic, packetId, bytes, retained) -> { });
            subscriber.setManualAcks(true);
            subscriber.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) throws MqttException {
                    arrived.incrementAndGet();
                    subscriber.messageArrivedComplete(message.getId(), message.getQos());
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            subscriber.connect(options).waitForCompletion();
            subscriber.subscribe("onedoor/v1/430124/+/+/entry", 1).waitForCompletion();
            subscriber.disconnect().waitForCompletion();
            publish(broker, stream, System.nanoTime());
            long begin = System.nanoTime();
            subscriber.connect(options).waitForCompletion();
            Await.until(stream.size() + " messages delivered", Duration.ofSeconds(600), () -> arrived.get() >= stream.size());
            double seconds = (System.nanoTime() - begin) / 1e9;
            subscriber.disconnect().waitForCompletion();
            subscriber.close();
            double rate = stream.size() / seconds;
            System.out.printf("%s Mosquitto -> Paho ceiling: %d queued messages delivered to a subscriber that stores"
                    + " nothing in %.1f s: %.0f messages/s%n", NAME, stream.size(), seconds, rate);
            return new Figure(NAME, "Mosquitto to Paho, no store (ceiling)", rate, "/s", conditions("backlog, no-op", stream));
        }
    }

    private static CollectorSettings settings(MosquittoBroker broker, String clientId, boolean persistent) {
        return new CollectorSettings(broker.url(), clientId, "onedoor/v1", "430124", "", BATCH, persistent);
    }

    /**
     * Publishes the stream at QoS 1 with a window of 1,000; returns once the broker has acknowledged every message. The
     * window is kept by a semaphore released as each message is acknowledged, not by retrying on Paho's "too many in
     * flight": Paho 1.2.5 keeps the message id of a publish it refuses so, its table of ids in use filled, and each later
     * publish scanned it, which made the publisher, not the collector, set the "live" pace.
     */
    private static double publish(MosquittoBroker broker, List<Message> stream, long begin) throws Exception {
        MqttAsyncClient publisher = new MqttAsyncClient(broker.url(), "bench-terminals", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(PUBLISH_WINDOW);
        Semaphore window = new Semaphore(PUBLISH_WINDOW);
        publisher.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                window.release();
            }
        });
        publisher.connect(o).waitForCompletion();
        for (Message message : stream) {
            if (!window.tryAcquire(600, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the broker acknowledged nothing for 600 s");
            }
            publisher.publish(message.topic(), message.payload(), 1, false);
        }
        double handedOver = (System.nanoTime() - begin) / 1e9;
        if (!window.tryAcquire(PUBLISH_WINDOW, 600, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the broker did not acknowledge every message within 600 s");
        }
        publisher.disconnect().waitForCompletion();
        publisher.close();
        return handedOver;
    }

    /** Waits for the whole stream to be stored; returns the seconds since begin. */
    private static double stored(Collector collector, EventStore store, String database, List<Message> stream, long begin)
            throws Exception {
        Await.until(stream.size() + " events stored in " + database, Duration.ofSeconds(600),
                () -> collector.stored() >= stream.size());
        double seconds = (System.nanoTime() - begin) / 1e9;
        long count = store.count();
        if (count != stream.size()) {
            throw new IllegalStateException(database + " holds " + count + " events, not " + stream.size());
        }
        return seconds;
    }

    private static Map<String, Object> conditions(String mode, List<Message> stream) {
        Map<String, Object> conditions = new LinkedHashMap<>();
        conditions.put("mode", mode);
        conditions.put("events", stream.size());
        conditions.put("terminals", TERMINALS);
        conditions.put("batch_size", BATCH);
        conditions.put("ids", "UUIDv7");
        conditions.put("broker", "Mosquitto on 127.0.0.1, max_inflight_messages " + WINDOW);
        return conditions;
    }
}
