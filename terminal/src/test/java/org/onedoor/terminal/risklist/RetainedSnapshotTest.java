package org.onedoor.terminal.risklist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onedoor.terminal.risklist.County.T0;
import static org.onedoor.terminal.risklist.County.pseudonym;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.risklist.Applied.Result;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.MqttTestSubscriber;
import org.onedoor.terminal.testing.MqttTestSubscriber.Received;

/**
 * The county publishes as docs/risklist.md says, with mosquitto_pub through a real Mosquitto; a
 * terminal that subscribes afterwards starts from the retained snapshot and follows live deltas.
 */
class RetainedSnapshotTest {
    private static final String ROOT = "onedoor/v1";
    private static final Duration DELIVERY = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY).start();
    private final County county = new County();

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void aNewTerminalStartsFromTheRetainedSnapshotThenFollowsDeltas() throws Exception {
        TreeMap<String, HealthStatus> listed = new TreeMap<>();
        for (int i = 0; i < RiskList.DEFAULT_MAX_ENTRIES - 1; i++) {
            listed.put(pseudonym("person-" + i), i % 5 == 0 ? HealthStatus.RED : HealthStatus.YELLOW);
        }
        publish(Kind.SNAPSHOT, county.snapshot(1, T0, listed));
        Instant second = T0.plusSeconds(600);
        publish(Kind.DELTA, county.delta(1, 2, second, Map.of(pseudonym("new"), HealthStatus.RED), Set.of()));
        listed.put(pseudonym("new"), HealthStatus.RED);
        publish(Kind.SNAPSHOT, county.snapshot(2, second, listed));

        RiskList list = RiskList.open(dir.resolve("list"), county.publicKey(), County.CODE,
                Clock.fixed(second.plusSeconds(5), ZoneOffset.UTC));
        try (MqttTestSubscriber terminal = MqttTestSubscriber.subscribe(broker.url(), ROOT + "/" + County.CODE + "/risklist/+")) {
            Received retained = terminal.awaitCount(1, DELIVERY).get(0);
            assertTrue(retained.retained());
            assertEquals(Result.APPLIED, offer(list, retained), "the retained snapshot, not the missed delta");
            assertEquals(2, list.state().version());
            assertEquals(RiskList.DEFAULT_MAX_ENTRIES, list.state().entries());
            assertEquals(Optional.of(HealthStatus.RED), list.lookup(pseudonym("new")));

            publish(Kind.DELTA, county.delta(2, 3, second.plusSeconds(60), Map.of(), Set.of(pseudonym("new"))));
            assertEquals(Result.APPLIED, offer(list, terminal.awaitCount(2, DELIVERY).get(1)));
            assertEquals(Optional.empty(), list.lookup(pseudonym("new")));
            assertEquals(2, terminal.count(), "the missed delta was not retained");
        }
        System.out.printf("RetainedSnapshotTest: a %d-entry snapshot went through Mosquitto and was applied%n",
                RiskList.DEFAULT_MAX_ENTRIES);
    }

    private static Result offer(RiskList list, Received message) {
        Kind kind = message.topic().endsWith("/snapshot") ? Kind.SNAPSHOT : Kind.DELTA;
        assertEquals(kind.topic(ROOT, County.CODE), message.topic());
        return list.offer(message.payload(), kind).result();
    }

    /** As docs/risklist.md: QoS 1, the snapshot retained, the delta not. */
    private void publish(Kind kind, byte[] message) throws IOException, InterruptedException {
        Path file = Files.write(dir.resolve(kind.wireName() + ".json"), message);
        List<String> command = new java.util.ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1",
                "-p", Integer.toString(broker.port()), "-q", "1", "-t", kind.topic(ROOT, County.CODE), "-f", file.toString()));
        if (kind == Kind.SNAPSHOT) {
            command.add("-r");
        }
        Process publisher = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(publisher.getInputStream().readAllBytes());
        assertTrue(publisher.waitFor(30, TimeUnit.SECONDS), "mosquitto_pub did not finish");
        assertEquals(0, publisher.exitValue(), output);
    }
}
