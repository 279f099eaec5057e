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
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.county.CountyEvents;
import org.onedoor.terminal.county.ingest.Collector;
import org.onedoor.terminal.county.ingest.CollectorSettings;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.PostgresServer;
import org.opentest4j.TestAbortedException;

/**
 * The county collector's ingest rate: a recorded stream of entries from 100 terminals (200,000 events; 20,000 with
 * --quick) published to Mosquitto on 127.0.0.1 as fast as one QoS 1 client can, while one collector stores them in
 * batches; timed from the first publish to the last event committed. Into SQLite, then into PostgreSQL when its
 * binaries are installed.
 */
public final class CountyIngestBenchmark implements Benchmark {
    private static final String NAME = "county-ingest";
    private static final int TERMINALS = 100;

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
        figures.add(measure("SQLite", dir.resolve("county.db").toString(), stream));
        try (PostgresServer postgres = PostgresServer.start()) {
            figures.add(measure("PostgreSQL", postgres.newDatabase("bench"), stream));
        } catch (TestAbortedException e) {
            System.out.println(NAME + ": PostgreSQL skipped: " + e.getMessage());
        }
        return figures;
    }

    /** A recorded message: its topic and its payload's bytes, as a terminal's outbox holds them. */
    private record Message(String topic, byte[] payload) {
    }

    /** Entries round-robin over the terminals, each terminal's seq rising by one. */
    private static List<Message> record(int events) {
        List<Message> stream = new ArrayList<>(events);
        Instant start = Instant.parse("2026-11-21T08:00:00Z");
        for (int i = 0; i < events; i++) {
            int t = i % TERMINALS;
            long seq = i / TERMINALS + 1;
            String terminal = "t-" + t;
            String venue = "venue-" + t / 2;
            String subject = String.format("%064x", (long) i * 2_654_435_761L);
            stream.add(new Message("onedoor/v1/430124/" + venue + "/" + terminal + "/entry",
                    CountyEvents.entry(terminal, venue, seq, 1, seq * 1000, start.plusMillis(i * 10L), true, subject)
                            .getBytes(StandardCharsets.UTF_8)));
        }
        return stream;
    }

    private static Figure measure(String database, String location, List<Message> stream) throws Exception {
        // As docs/county.md advises a county's broker: room for a batch in flight to the collector (default 20).
        try (MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY)
                .setting("max_inflight_messages 1000").start();
             EventStore store = EventStore.open(location);
             Collector collector = new Collector(new CollectorSettings(broker.url(), "bench-county", "onedoor/v1", "430124",
                     "", 1000, false), store, Clock.systemUTC())) {
            collector.start();
            MqttAsyncClient publisher = new MqttAsyncClient(broker.url(), "bench-terminals", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(1000);
            publisher.connect(o).waitForCompletion();
            long begin = System.nanoTime();
            for (Message message : stream) {
                while (true) {
                    try {
                        publisher.publish(message.topic(), message.payload(), 1, false);
                        break;
                    } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                        int reason = e.getReasonCode();
                        if (reason != org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_MAX_INFLIGHT
                                && reason != org.eclipse.paho.client.mqttv3.MqttException.REASON_CODE_NO_MESSAGE_IDS_AVAILABLE) {
                            throw e;
                        }
                        // The window is full: wait a little rather than spin a core the collector needs.
                        java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                    }
                }
            }
            double published = (System.nanoTime() - begin) / 1e9;
            Await.until(stream.size() + " events stored in " + database, Duration.ofSeconds(600),
                    () -> collector.stored() >= stream.size());
            double seconds = (System.nanoTime() - begin) / 1e9;
            long count = store.count();
            publisher.disconnect().waitForCompletion();
            publisher.close();
            if (count != stream.size()) {
                throw new IllegalStateException(database + " holds " + count + " events, not " + stream.size());
            }
            double rate = stream.size() / seconds;
            System.out.printf("%s %s: %d events from %d terminals in %.1f s (the last handed to the publisher's window at"
                    + " %.1f s): %.0f events/s%n", NAME, database, stream.size(), TERMINALS, seconds, published, rate);
            Map<String, Object> conditions = new LinkedHashMap<>();
            conditions.put("events", stream.size());
            conditions.put("terminals", TERMINALS);
            conditions.put("batch_size", 1000);
            conditions.put("broker", "Mosquitto on 127.0.0.1, max_inflight_messages 1000");
            return new Figure(NAME, "ingest into " + database, rate, "/s", conditions);
        }
    }
}
