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

    @ParameterizedTest
    @MethodSource("stores")
    void hostileAndOversizedMessagesAreRefusedAndCountedAndIngestionGoesOn(String kind) throws Exception {
        EventStore store = store(EventStoreTest.location(kind, dir));
        Collector collector = collector("county-a", "", store);
        MqttClient terminal = client("t-1");
        String topic = "onedoor/v1/430124/market/t-1/entry";
        Instant t = Instant.parse("2026-11-21T08:00:00Z");
        String good = CountyEvents.entry("t-1", "market", 1, 1, 1000, t, true, EventStoreTest.P);
        List<byte[]> hostile = new ArrayList<>();
        // 2 MB: Paho alone would allocate it whole; the filter discards it as it is read.
        byte[] huge = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '{';
        huge[huge.length - 1] = '}';
        hostile.add(huge);
        hostile.add("{\"id\":".getBytes(StandardCharsets.UTF_8));
        hostile.add("[1,2,3]".getBytes(StandardCharsets.UTF_8));
        hostile.add("[".repeat(10_000).getBytes(StandardCharsets.UTF_8));
        hostile.add(new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'});
        hostile.add(good.replace("\"seq\":1,", "\"seq\":123456789012345678901234567890,").getBytes(StandardCharsets.UTF_8));
        hostile.add(good.replace("\"seq\":1,", "\"seq\":9007199254740993,").getBytes(StandardCharsets.UTF_8));
        hostile.add(good.replace("\"seq\":1,", "\"seq\":\"1\",").getBytes(StandardCharsets.UTF_8));
        hostile.add(good.replace("\"seq\":1,", "\"seq\":-1,").getBytes(StandardCharsets.UTF_8));
        hostile.add(good.replace("\"clock_synced\":true", "\"clock_synced\":\"yes\"").getBytes(StandardCharsets.UTF_8));
        hostile.add(good.replace("\"ts\":\"2026-11-21T08:00:00Z\"", "\"ts\":\"+999999999-12-31T23:59:59Z\"")
                .getBytes(StandardCharsets.UTF_8));
        hostile.add(good.replace("\"terminal\":\"t-1\"", "\"terminal\":\"t-2\"").getBytes(StandardCharsets.UTF_8));
        hostile.add(good.replaceFirst("\"subject\":\"[0-9a-f]+\"", "\"subject\":\"430124199001011234\"")
                .getBytes(StandardCharsets.UTF_8));
        hostile.add(new byte[0]);
        for (byte[] h : hostile) {
            terminal.publish(topic, h, 1, false);
        }
        terminal.publish(topic, good.getBytes(StandardCharsets.UTF_8), 1, false);
        Await.until("the good event after the hostile ones stored", Duration.ofSeconds(30), () -> count(store) == 1);
        Await.until("every hostile message refused", Duration.ofSeconds(10), () -> collector.refused() == hostile.size());
        System.out.println("CollectorTest " + kind + ": " + collector.refused() + " refused, " + collector.oversized()
                + " of them discarded for their size");
        assertEquals(1, collector.oversized(), "the 2 MB message discarded as it was read");
        assertEquals(hostile.size(), collector.refused());
        assertTrue(collector.client().isConnected(), "still connected: nothing ended the connection");
    }

    @ParameterizedTest
    @MethodSource("stores")
    void eachTerminalsLatestIdentityIsKeptWithFieldsTheCollectorDoesNotKnow(String kind) throws Exception {
        EventStore store = store(EventStoreTest.location(kind, dir));
        Collector collector = collector("county-a", "", store);
        MqttClient terminal = client("t-1");
        String topic = "onedoor/v1/430124/market/t-1/identity";
        String first = "{\"ts\":\"2026-12-01T08:00:00Z\",\"terminal\":\"t-1\",\"venue\":{\"id\":\"market\",\"name\":\"菜市场\"},"
                + "\"version\":\"1.0\",\"device_key_fingerprint\":\"ab12\",\"entrances\":[{\"name\":\"东门\",\"code\":\"K7Q2\"}]}";
        String second = first.replace("08:00:00Z", "09:00:00Z").replace("\"1.0\"", "\"1.1\"").replace("}]}",
                "}],\"lanes\":[{\"id\":\"east\",\"entrance\":\"东门\",\"direction\":\"entry\"}],\"a_later_field\":{\"x\":1}}");
        String older = first.replace("08:00:00Z", "07:00:00Z");
        terminal.publish(topic, first.getBytes(StandardCharsets.UTF_8), 1, true);
        Await.until("the identity stored", Duration.ofSeconds(30), () -> identity(store).isPresent());
        assertEquals(first, identity(store).get());
        terminal.publish(topic, second.getBytes(StandardCharsets.UTF_8), 1, true);
        Await.until("the later identity replaced it", Duration.ofSeconds(30), () -> identity(store).get().equals(second));
        terminal.publish(topic, older.getBytes(StandardCharsets.UTF_8), 1, false);
        terminal.publish("onedoor/v1/430124/market/t-1/identity",
                first.replace("\"terminal\":\"t-1\"", "\"terminal\":\"t-9\"").getBytes(StandardCharsets.UTF_8), 1, false);
        Await.until("the other terminal's identity refused", Duration.ofSeconds(30), () -> collector.refused() == 1);
        Await.until("all four handled", Duration.ofSeconds(30), () -> collector.stored() == 3);
        assertEquals(second, identity(store).get(), "an older identity does not replace a newer one");
        assertEquals(0, count(store), "an identity is not an event");
    }

    private static java.util.Optional<String> identity(EventStore store) {
        try {
            return store.identity("430124", "t-1");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
