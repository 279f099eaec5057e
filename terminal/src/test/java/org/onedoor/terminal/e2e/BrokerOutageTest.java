package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.serial.SimulatedScanner;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.ledger.Durability;
import org.onedoor.terminal.testing.InProcessGate;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.MqttTestSubscriber;
import org.onedoor.terminal.testing.MqttTestSubscriber.Received;

/**
 * The county broker is down while 100,000 people pass: every entry still goes through the decision
 * path and into the ledger, and once the broker is back the whole backlog reaches the county's
 * persistent session, each seq once at least, first deliveries in seq order, the outbox empty.
 */
class BrokerOutageTest {
    private static final int EVENTS = 100_000;
    private static final Duration CONNECT_DEADLINE = Duration.ofSeconds(15);
    /**
     * The drain took 44 s on a 2-core machine busy with other builds (window 32, one connection); the
     * deadline leaves room for that while keeping the whole test under about 90 s.
     */
    private static final Duration DRAIN_DEADLINE = Duration.ofSeconds(70);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aBacklogBuiltWhileTheBrokerIsDownArrivesWholeAndInOrder() throws Exception {
        String topic = InProcessGate.topicPrefix();
        // On disk: the county's session (its subscription and queue) must survive the broker's restart.
        try (MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.ON_DISK).start();
             MqttTestSubscriber county = MqttTestSubscriber.subscribePersistent(broker.url(), "county-outage",
                     topic + "/#")) {
            // Process-safe: this test is about the outbox, and an fsync per scan would only slow the burst.
            InProcessGate gate = new InProcessGate().broker(broker.url(), 0).durability(Durability.PROCESS_SAFE);
            try (Daemon daemon = gate.start(dir, null, true)) {
                System.out.println("BrokerOutageTest: durability process-safe (synchronous level "
                        + daemon.ledger().synchronousLevel() + ")");
                Await.until("the terminal announced itself online", CONNECT_DEADLINE,
                        () -> county.received().stream().anyMatch(m -> isAvailability(m) && m.text().equals("online")));
                broker.stop();

                scanDistinctTexts(gate.scanner());
                assertEquals(EVENTS, daemon.lanes().get(0).counters().outcomes().get("refused:unrecognised"));
                var backlog = daemon.state();
                assertEquals(EVENTS, backlog.outboxDepth(), "the whole burst waits in the outbox");
                assertTrue(backlog.oldestUnsentAgeMs() > 0, "the state says how old the backlog is");
                assertFalse(backlog.brokerConnected());

                Arrivals arrivals = drainAfterRestart(broker, county);
                Await.until("the outbox is empty", CONNECT_DEADLINE, () -> daemon.state().outboxDepth() == 0);
                assertEquals(0, daemon.state().oldestUnsentAgeMs());
                assertEquals(List.of(), arrivals.otherEvents, "no event but the entries");
                assertEquals(EVENTS, arrivals.seen.cardinality());
                assertEquals(EVENTS, arrivals.seen.nextClearBit(1) - 1, "every seq 1.." + EVENTS);
                assertEquals(List.of(), arrivals.outOfOrder, "first deliveries out of seq order");
            }
        }
    }

    /** Each text is an entry through recognition, decision, ledger commit and actuation; duplicate window 0. */
    private static void scanDistinctTexts(SimulatedScanner scanner) {
        long start = System.nanoTime();
        for (int i = 1; i <= EVENTS; i++) {
            scanner.inject(("outage test text " + i).getBytes(StandardCharsets.UTF_8));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("BrokerOutageTest: decision path %,d events in %.1f s = %,.0f events/s (broker down)%n",
                EVENTS, seconds, EVENTS / seconds);
    }

    private static Arrivals drainAfterRestart(MosquittoBroker broker, MqttTestSubscriber county) {
        long start = System.nanoTime();
        broker.start();
        Arrivals arrivals = new Arrivals();
        try {
            Await.until("all " + EVENTS + " seqs at the county", DRAIN_DEADLINE,
                    () -> arrivals.update(county.received()) >= EVENTS);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; distinct seqs: " + arrivals.seen.cardinality(), e);
        }
        double seconds = (arrivals.lastFirstDeliveryNanos - start) / 1e9;
        System.out.printf("BrokerOutageTest: drain %,d events in %.1f s from broker start = %,.0f events/s"
                        + " (first delivery after %.1f s; %,d deliveries in all, duplicates included)%n",
                EVENTS, seconds, EVENTS / seconds, (arrivals.firstDeliveryNanos - start) / 1e9,
                arrivals.processed - arrivals.availability);
        return arrivals;
    }

    private static boolean isAvailability(Received m) {
        return m.topic().endsWith("/availability");
    }

    /**
     * What the county has received so far, read incrementally: the subscriber's list only grows. Times
     * are when a poll first saw a delivery, so they are late by at most one poll interval.
     */
    private static final class Arrivals {
        final BitSet seen = new BitSet(EVENTS + 1);
        final List<String> otherEvents = new ArrayList<>();
        final List<String> outOfOrder = new ArrayList<>();
        int processed;
        int availability;
        long lastFirstSeq;
        long firstDeliveryNanos;
        long lastFirstDeliveryNanos;

        /** Takes in what arrived since the last call; returns the number of distinct entry seqs. */
        int update(List<Received> all) {
            long now = System.nanoTime();
            for (Received m : all.subList(processed, all.size())) {
                take(m, now);
            }
            processed = all.size();
            return seen.cardinality();
        }

        private void take(Received m, long now) {
            if (isAvailability(m)) {
                availability++;
                return;
            }
            if (m.topic().endsWith("/status") || m.topic().endsWith("/alert/active")) {
                return; // retained state, not events
            }
            if (!m.topic().endsWith("/entry")) {
                otherEvents.add(m.topic());
                return;
            }
            int seq = seqOf(m);
            if (seen.get(seq)) {
                return; // a redelivery: allowed at QoS 1
            }
            if (seq < lastFirstSeq && outOfOrder.size() < 10) {
                outOfOrder.add(seq + " after " + lastFirstSeq);
            }
            seen.set(seq);
            lastFirstSeq = Math.max(lastFirstSeq, seq);
            firstDeliveryNanos = firstDeliveryNanos == 0 ? now : firstDeliveryNanos;
            lastFirstDeliveryNanos = now;
        }

        private static int seqOf(Received m) {
            try {
                return JSON.readTree(m.payload()).get("seq").asInt();
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON on " + m.topic(), e);
            }
        }
    }
}
