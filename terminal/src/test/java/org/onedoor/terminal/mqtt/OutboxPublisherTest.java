package org.onedoor.terminal.mqtt;

import org.onedoor.drivers.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.testing.InMemoryOutbox;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.MosquittoBroker.Persistence;
import org.onedoor.terminal.testing.MqttTestSubscriber;
import org.onedoor.terminal.testing.MqttTestSubscriber.Received;

/** {@link OutboxPublisher} against a real Mosquitto on 127.0.0.1. */
class OutboxPublisherTest {
    private static final String PREFIX = "onedoor/v1/430124/venue-a/t-0001";
    private static final String ENTRIES = PREFIX + "/entry";
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void deliversEveryPendingEventInSeqOrderAndMarksItPublished() throws Exception {
        InMemoryOutbox outbox = new InMemoryOutbox();
        for (int i = 0; i < 300; i++) {
            outbox.add(i % 10 == 0 ? "alert" : "entry", OutboxPublisherTest::payloadOf);
        }
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY).start();
             MqttTestSubscriber county = MqttTestSubscriber.subscribe(broker.url(), PREFIX + "/#");
             OutboxPublisher publisher = OutboxPublisher.start(settings(broker), outbox)) {

            Await.until("an empty outbox", DEADLINE, () -> outbox.depth() == 0);
            List<Received> events = county.awaitCount(301, DEADLINE).stream()
                    .filter(r -> !r.topic().endsWith("/availability")).toList();

            assertEquals(all(300), events.stream().map(OutboxPublisherTest::seqOf).toList(), "arrival order");
            assertTrue(events.stream().noneMatch(Received::retained), "events are not retained");
            assertEquals(ENTRIES, events.get(1).topic());
            assertEquals(PREFIX + "/alert", events.get(0).topic());
            assertEquals(all(300), outbox.publishedSeqs());
            assertEquals(300, publisher.publishedCount());
            assertTrue(publisher.lastAckEpochMs() > 0);
        }
    }

    @Test
    void announcesOnlineOnConnectAndOfflineOnClose() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY).start()) {
            OutboxPublisher publisher = OutboxPublisher.start(settings(broker), new InMemoryOutbox());
            Await.until("a connection", DEADLINE, publisher::isConnected);
            assertEquals(new Availability("online", true), retainedAvailability(broker));

            publisher.close();
            publisher.close();

            assertEquals(new Availability("offline", true), retainedAvailability(broker));
            assertFalse(publisher.isConnected());
        }
    }

    @Test
    void brokerSendsLastWillWhenThePublisherDiesWithoutDisconnecting() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY).start();
             MqttTestSubscriber county = MqttTestSubscriber.subscribe(broker.url(), PREFIX + "/availability")) {
            Process child = startPublisherProcess(broker);
            try {
                county.awaitCount(1, DEADLINE);
                assertEquals("online", county.received().get(0).text());

                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

                assertEquals("offline", county.awaitCount(2, DEADLINE).get(1).text());
                assertEquals(new Availability("offline", true), retainedAvailability(broker));
            } finally {
                child.destroyForcibly();
            }
        }
    }

    @Test
    void resendsWhatWasInFlightWhenTheBrokerRestartsMidStream() throws Exception {
        int total = 2_000;
        InMemoryOutbox outbox = new InMemoryOutbox();
        addEntries(outbox, total);
        // ON_DISK: what the broker acknowledged before the restart must survive it, as on the county's
        // broker; the messages in flight at the stop are the publisher's to resend.
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.ON_DISK).start();
             MqttTestSubscriber county = MqttTestSubscriber.subscribePersistent(broker.url(), "county-archive",
                     ENTRIES);
             OutboxPublisher publisher = OutboxPublisher.start(settings(broker).withMaxMessagesPerSecond(1_000),
                     outbox)) {

            county.awaitCount(total / 4, DEADLINE);
            broker.stop();
            Await.until("the publisher to notice the outage", DEADLINE, () -> !publisher.isConnected());
            long pendingDuringOutage = outbox.depth();
            broker.start();

            Await.until("an empty outbox", DEADLINE, () -> outbox.depth() == 0);
            Await.until("every seq at the county", DEADLINE, () -> distinctSeqs(county).size() == total);

            System.out.printf("broker restart: %d pending during the outage, %d deliveries for %d events%n",
                    pendingDuringOutage, county.count(), total);
            assertTrue(pendingDuringOutage > 0, "the outage happened mid-stream");
            assertEquals(all(total), List.copyOf(distinctSeqs(county)));
            assertEquals(all(total), outbox.publishedSeqs());
        }
    }

    @Test
    void retriesAFailedFirstConnectUntilTheBrokerComesUp() throws Exception {
        InMemoryOutbox outbox = new InMemoryOutbox();
        addEntries(outbox, 10);
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY);
             OutboxPublisher publisher = OutboxPublisher.start(settings(broker), outbox)) {
            Await.until("two failed connects", DEADLINE, () -> publisher.failedConnectAttempts() >= 2);

            broker.start();

            Await.until("an empty outbox", DEADLINE, () -> outbox.depth() == 0);
            assertTrue(publisher.isConnected());
        }
    }

    @Test
    void keepsToTheMaximumRate() throws Exception {
        int total = 400;
        InMemoryOutbox outbox = new InMemoryOutbox();
        addEntries(outbox, total);
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY).start();
             OutboxPublisher publisher = OutboxPublisher.start(settings(broker).withMaxMessagesPerSecond(200),
                     outbox)) {
            Await.until("a connection", DEADLINE, publisher::isConnected);
            long started = System.nanoTime();
            Await.until("an empty outbox", DEADLINE, () -> outbox.depth() == 0);
            double seconds = (System.nanoTime() - started) / 1e9;

            System.out.printf("rate limit 200/s: %d messages in %.2f s = %.0f msg/s%n", total, seconds,
                    total / seconds);
            assertTrue(seconds >= 1.5, "took only " + seconds + " s");
            assertTrue(total / seconds < 250, "rate " + total / seconds + "/s");
        }
    }

    @Test
    void drainRateOfABacklogWithWindow32AndWindow1() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY).start()) {
            double window32 = drainRate(broker, 32, 20_000);
            double window1 = drainRate(broker, 1, 20_000);
            System.out.printf("drain of 20000: window 32 = %.0f msg/s, window 1 = %.0f msg/s%n", window32, window1);
            assertTrue(window32 > window1, "a wider window drains faster");
        }
    }

    private double drainRate(MosquittoBroker broker, int window, int total) throws Exception {
        InMemoryOutbox outbox = new InMemoryOutbox();
        addEntries(outbox, total);
        try (OutboxPublisher publisher = OutboxPublisher.start(settings(broker).withInflightWindow(window), outbox)) {
            Await.until("a connection", DEADLINE, publisher::isConnected);
            long started = System.nanoTime();
            Await.until("an empty outbox", DEADLINE, () -> outbox.depth() == 0);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(total, outbox.publishedSeqs().size());
            return total / seconds;
        }
    }

    private record Availability(String text, boolean retained) {
    }

    /** What a newcomer sees on the availability topic: the retained message. */
    @Test
    void subscriptionsGetRetainedAndLiveMessagesAndAreRenewedAfterABrokerRestart() throws Exception {
        String snapshot = "onedoor/v1/430124/risklist/snapshot";
        List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        Subscription listen = new Subscription("onedoor/v1/430124/risklist/#",
                (topic, payload, retained) -> got.add(topic + " " + new String(payload, StandardCharsets.UTF_8)
                        + (retained ? " retained" : " live")));
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.ON_DISK).start()) {
            publishRaw(broker, snapshot, "v1", true);
            try (OutboxPublisher publisher = OutboxPublisher.start(settings(broker), new InMemoryOutbox(), List.of(listen))) {
                Await.until("the retained snapshot", DEADLINE, () -> got.size() == 1);
                publishRaw(broker, "onedoor/v1/430124/risklist/delta", "d2", false);
                Await.until("the live delta", DEADLINE, () -> got.size() == 2);

                broker.stop();
                broker.start();
                Await.until("the snapshot again after reconnecting", DEADLINE, () -> got.size() == 3);

                assertEquals(List.of(snapshot + " v1 retained", "onedoor/v1/430124/risklist/delta d2 live",
                        snapshot + " v1 retained"), got);
                assertTrue(publisher.isConnected());
            }
        }
    }

    /**
     * A handler stuck on its first message while 1,000 more arrive: the inbound queue fills, Paho's callback waits
     * instead of dropping what it would then acknowledge, the broker holds the rest, and every message arrives.
     */
    @Test
    void aHandlerThatFallsBehindLosesNoMessage() throws Exception {
        int count = 1_000;
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
        Subscription slow = new Subscription("onedoor/v1/430124/risklist/#", (topic, payload, retained) -> {
            try {
                release.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            got.add(new String(payload, StandardCharsets.UTF_8));
        });
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY).start();
             OutboxPublisher publisher = OutboxPublisher.start(settings(broker), new InMemoryOutbox(), List.of(slow));
             MqttTestSubscriber probe = MqttTestSubscriber.subscribe(broker.url(), "onedoor/v1/430124/risklist/#")) {
            Await.until("connected", DEADLINE, publisher::isConnected);
            Path lines = tmp.resolve("deltas.txt");
            java.nio.file.Files.writeString(lines, LongStream.range(0, count).mapToObj(i -> "d" + i + "\n")
                    .collect(Collectors.joining()));
            Process sender = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", String.valueOf(broker.port()),
                    "-q", "1", "-t", "onedoor/v1/430124/risklist/delta", "-l").redirectInput(lines.toFile())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("sender.log").toFile()).start();
            assertTrue(sender.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS), "all sent to the broker");
            // A quick subscriber beside it has them all: the broker has sent the stuck one all it would.
            probe.awaitCount(count, DEADLINE);
            release.countDown();
            Await.until(count + " messages handled", DEADLINE, () -> got.size() == count);
            assertEquals(LongStream.range(0, count).mapToObj(i -> "d" + i).toList(), got, "all, in order");
        }
    }

    private static void publishRaw(MosquittoBroker broker, String topic, String text, boolean retained) throws Exception {
        try (var client = new org.eclipse.paho.client.mqttv3.MqttClient(broker.url(), "county-test",
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence())) {
            client.connect();
            client.publish(topic, text.getBytes(StandardCharsets.UTF_8), 1, retained);
            client.disconnect();
        }
    }

    private static Availability retainedAvailability(MosquittoBroker broker) throws Exception {
        try (MqttTestSubscriber newcomer = MqttTestSubscriber.subscribe(broker.url(), PREFIX + "/availability")) {
            Received retained = newcomer.awaitCount(1, DEADLINE).get(0);
            return new Availability(retained.text(), retained.retained());
        }
    }

    private Process startPublisherProcess(MosquittoBroker broker) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        File log = tmp.resolve("publisher-child.log").toFile();
        return new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                PublisherChildProcess.class.getName(), broker.url(), "t-0001-child", PREFIX)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }

    private static MqttSettings settings(MosquittoBroker broker) {
        return MqttSettings.of(broker.url(), "t-0001", PREFIX);
    }

    private static void addEntries(InMemoryOutbox outbox, int count) {
        for (int i = 0; i < count; i++) {
            outbox.add("entry", OutboxPublisherTest::payloadOf);
        }
    }

    /** The payload is opaque to the publisher; here it is just the seq, so arrivals can be checked. */
    private static byte[] payloadOf(long seq) {
        return Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
    }

    private static long seqOf(Received received) {
        return Long.parseLong(received.text());
    }

    private static TreeSet<Long> distinctSeqs(MqttTestSubscriber subscriber) {
        return subscriber.received().stream().map(OutboxPublisherTest::seqOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Long> all(int count) {
        return LongStream.rangeClosed(1, count).boxed().toList();
    }
}
