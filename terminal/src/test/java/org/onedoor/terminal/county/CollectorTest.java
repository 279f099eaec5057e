package org.onedoor.terminal.county;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.command.CanonicalForm;
import org.onedoor.terminal.command.Command;
import org.onedoor.terminal.command.CommandSigner;
import org.onedoor.terminal.command.SignedCommand;
import org.onedoor.terminal.command.Target;
import org.onedoor.terminal.county.ingest.Collector;
import org.onedoor.terminal.county.ingest.CollectorSettings;
import org.onedoor.terminal.county.ingest.GapReplayer;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.testing.MosquittoBroker;

/** The collector against a real Mosquitto and a real SQLite file or PostgreSQL server. */
class CollectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<AutoCloseable> open = new ArrayList<>();
    private MosquittoBroker broker;

    @TempDir
    Path dir;

    static Stream<String> stores() {
        return EventStoreTest.stores();
    }

    @BeforeEach
    void startBroker() {
        broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY).start();
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        broker.close();
    }

    @AfterAll
    static void stopPostgres() {
        EventStoreTest.stopPostgres();
    }

    private Collector collector(String id, String group, EventStore store) throws Exception {
        Collector c = new Collector(new CollectorSettings(broker.url(), id, "onedoor/v1", "430124", group, 200, false),
                store, Clock.systemUTC());
        c.start();
        open.add(c);
        return c;
    }

    private EventStore store(String location) throws Exception {
        EventStore s = EventStore.open(location);
        open.add(s);
        return s;
    }

    private MqttClient client(String id) throws Exception {
        MqttClient c = new MqttClient(broker.url(), id, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(1000);
        c.connect(o);
        open.add(c::disconnectForcibly);
        return c;
    }

    @ParameterizedTest
    @MethodSource("stores")
    void twoCollectorsInAShareGroupSplitTheEventsAndStoreEachExactlyOnce(String kind) throws Exception {
        String location = EventStoreTest.location(kind, dir);
        Collector a = collector("county-a", "county", store(location));
        Collector b = collector("county-b", "county", store(location));
        MqttClient terminal = client("terminals");
        Instant t = Instant.parse("2026-11-21T08:00:00Z");
        int sent = 0;
        List<String> payloads = new ArrayList<>();
        for (int term = 1; term <= 3; term++) {
            for (int seq = 1; seq <= 300; seq++) {
                String p = CountyEvents.entry("t-" + term, "market", seq, 1, seq * 1000L, t.plusSeconds(seq), true,
                        EventStoreTest.P);
                payloads.add(p);
                terminal.publish("onedoor/v1/430124/market/t-" + term + "/entry", p.getBytes(StandardCharsets.UTF_8), 1, false);
                sent++;
            }
        }
        // Redeliveries and replays: the same payloads, same ids, again.
        for (int i = 0; i < 100; i++) {
            terminal.publish("onedoor/v1/430124/market/t-1/replay", payloads.get(i).getBytes(StandardCharsets.UTF_8), 1, false);
            sent++;
        }
        terminal.publish("onedoor/v1/430124/market/t-1/entry", "{\"not\":\"an event\"}".getBytes(StandardCharsets.UTF_8), 1, false);
        int total = sent;
        EventStore reader = store(location);
        Await.until("900 events stored", Duration.ofSeconds(60), () -> count(reader) == 900);
        Await.until("every message handled by one collector", Duration.ofSeconds(30),
                () -> a.stored() + b.stored() == total);
        System.out.println("CollectorTest " + kind + ": collector a stored " + a.stored() + ", b " + b.stored() + " of " + total
                + " messages; " + count(reader) + " distinct events");
        assertTrue(a.stored() > 0 && b.stored() > 0, "both collectors took a share: " + a.stored() + " / " + b.stored());
        assertEquals(1, a.refused() + b.refused(), "the junk message was refused");
        assertEquals(900, count(reader));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aGapOlderThanTheGraceGetsASignedReplayAndTheRefillClosesIt(String kind) throws Exception {
        String location = EventStoreTest.location(kind, dir);
        EventStore store = store(location);
        Collector collector = collector("county-a", "", store);
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        GapReplayer replayer = new GapReplayer(store, new CommandSigner(key.getPrivate(), Clock.systemUTC()), "onedoor/v1",
                Duration.ofSeconds(1), Clock.systemUTC());
        Instant t = Instant.parse("2026-11-21T08:00:00Z");
        Map<Long, String> ledger = new ConcurrentHashMap<>();
        for (long seq = 1; seq <= 8; seq++) {
            ledger.put(seq, CountyEvents.entry("t-1", "market", seq, 1, seq * 1000, t.plusSeconds(seq), true, EventStoreTest.P));
        }
        // A stand-in terminal: it answers a correctly signed replay for itself from its ledger, as the daemon does.
        MqttClient terminal = client("t-1");
        List<String> replays = new CopyOnWriteArrayList<>();
        terminal.subscribe("onedoor/v1/430124/market/t-1/cmd/replay", 1, (topic, message) -> {
            JsonNode c = JSON.readTree(message.getPayload());
            long from = c.get("from_seq").asLong();
            long to = c.get("to_seq").asLong();
            SignedCommand signed = new SignedCommand(new Target("430124", "market", "t-1"), c.get("request_id").asText(),
                    Instant.parse(c.get("issued_at").asText()), Instant.parse(c.get("expires_at").asText()),
                    new Command.Replay(from, to));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key.getPublic());
            verifier.update(CanonicalForm.of(signed));
            if (!verifier.verify(Base64.getDecoder().decode(c.get("signature").asText()))) {
                return;
            }
            replays.add(from + ".." + to);
            new Thread(() -> {
                try {
                    for (long s = from; s <= to; s++) {
                        terminal.publish("onedoor/v1/430124/market/t-1/replay", ledger.get(s).getBytes(StandardCharsets.UTF_8), 1, false);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).start();
        });
        for (long seq : new long[] {1, 2, 6, 7, 8}) {
            terminal.publish("onedoor/v1/430124/market/t-1/entry", ledger.get(seq).getBytes(StandardCharsets.UTF_8), 1, false);
        }
        Await.until("5 events stored", Duration.ofSeconds(30), () -> count(store) == 5);
        assertEquals(0, replayer.askForGaps(collector.client()), "within its grace, a gap is not asked for");
        Await.until("the gap asked for after its grace", Duration.ofSeconds(30), () -> ask(replayer, collector) == 1);
        Await.until("the refill stored", Duration.ofSeconds(30), () -> count(store) == 8);
        assertEquals(List.of("3..5"), replays);
        assertEquals(List.of(), store.gaps(Long.MAX_VALUE), "no gap left");
        assertEquals(0, replayer.askForGaps(collector.client()));
    }

    private static int ask(GapReplayer replayer, Collector collector) {
        try {
            return replayer.askForGaps(collector.client());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(EventStore store) {
        try {
            return store.count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
