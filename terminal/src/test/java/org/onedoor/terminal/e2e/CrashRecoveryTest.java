package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.GpioTrace;
import org.onedoor.drivers.testing.PtyPair;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.MqttTestSubscriber;

/**
 * "Never lose an entry", the crash half: the real daemon process is SIGKILLed at random moments
 * while a dense burst of scans runs through its pty, and restarted each time. Afterwards no relay
 * pulse may exist without its ledger row, and every row must have reached the broker, once or more,
 * always with the same id and payload, with no gap in {@code seq}.
 *
 * <p>Bytes written while the daemon is dead stay in the pty and reach the next start (socat keeps
 * its side open); a frame the killed daemon had half read arrives as a shorter text, i.e. an
 * unrecognised entry. Both are legitimate scans: what matters is what the daemon decided.
 */
class CrashRecoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One scan every 4 ms, the density of a scanner in continuous mode with a crowd in front of it. */
    private static final long SCAN_INTERVAL_US = 4_000;
    /**
     * One scan in this many is a green badge, the rest unrecognised texts (entries too, refused, no
     * pulse). About one grant per 800 ms keeps the relay (300 ms pulse + 100 ms gap) idle half the
     * time, so most pulses follow their grant within microseconds and "pulses ≤ granted rows" is a
     * sharp check; with a long queue of pending pulses it would hold even if the order were wrong.
     * A kill still drops the queued pulses, hence fewer pulses than grants.
     */
    private static final int GREEN_ONE_IN = 200;
    private static final int BADGES = 500;
    private static final String LAST_BADGE_SUBJECT = "LASTSCAN0001";
    private static final int MIN_PAUSE_MS = 200;
    private static final int MAX_PAUSE_MS = 2_000;

    @TempDir
    Path dir;

    @Test
    void killedTwentyTimesDuringABurstLosesNothing() throws Exception {
        killRepeatedlyAndCheck(20);
    }

    @Test
    @EnabledIfSystemProperty(named = "onedoor.soak", matches = "true")
    void killedTwoHundredTimesDuringABurstLosesNothing() throws Exception {
        killRepeatedlyAndCheck(200);
    }

    private void killRepeatedlyAndCheck(int kills) throws Exception {
        long seed = Long.getLong("onedoor.crash.seed", System.nanoTime());
        System.out.printf("crash test: %d kills, seed %d (rerun with -Donedoor.crash.seed=%d)%n", kills, seed, seed);
        Random killTimes = new Random(seed);
        try (GateRig rig = new GateRig(dir, 0)) {
            for (int i = 0; i < BADGES; i++) {
                rig.register(badge(i), HealthStatus.GREEN, "unused");
            }
            rig.register("CB:" + LAST_BADGE_SUBJECT, HealthStatus.GREEN, "unused");
            rig.startDaemon();
            long scans;
            try (Burst burst = new Burst(rig.east, new Random(seed + 1))) {
                for (int k = 0; k < kills; k++) {
                    // The test's input, not a wait: where in the burst the kill lands.
                    Thread.sleep(MIN_PAUSE_MS + killTimes.nextInt(MAX_PAUSE_MS - MIN_PAUSE_MS));
                    rig.killDaemon();
                    rig.startDaemon();
                }
                scans = burst.stop();
            }
            awaitLastScanRecorded(rig);
            awaitEverythingPublished(rig);
            rig.stopDaemon();
            check(rig, kills, scans);
        }
    }

    private void check(GateRig rig, int kills, long scans) throws IOException {
        List<Map<String, Object>> events = rig.allRows();
        assertSeqsWithoutGaps(events);
        long pulses = assertNoPulseWithoutItsRow(rig, events);
        Map<Long, List<byte[]>> deliveries = deliveriesBySeq(rig.subscriber);
        assertEquals(events.size(), deliveries.size(), "distinct seqs at the broker = events in the ledger");
        for (Map<String, Object> row : events) {
            assertDeliveredUnchanged(row, deliveries.get(seq(row)));
        }
        long entries = events.stream().filter(r -> "entry".equals(r.get("kind"))).count();
        assertEquals(entries, rig.messages("entry").stream().map(m -> m.get("seq").asLong()).distinct().count(),
                "distinct MQTT entries = ledger entries");
        System.out.printf("crash test: %d kills, %d boots, %d scans written, %d entries (%d granted), %d relay pulses,"
                        + " %d deliveries of %d events%n", kills, rig.boots(), scans, entries, granted(events).size(),
                pulses, deliveries.values().stream().mapToInt(List::size).sum(), events.size());
    }

    private static void assertSeqsWithoutGaps(List<Map<String, Object>> events) {
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, seq(events.get(i)), "seq " + (i + 1) + " is missing");
        }
    }

    /**
     * Per boot, rising edges of the entry relay ≤ granted rows of that lane. The trace's clock is the
     * daemon's {@code System.nanoTime}, meaningless across processes, so boots are told apart by the
     * safe-state line every start writes for every output: the exit relay never moves in this test,
     * so each of its lines is a start. Returns the number of pulses.
     */
    private static long assertNoPulseWithoutItsRow(GateRig rig, List<Map<String, Object>> events) throws IOException {
        long boots = rig.boots();
        long[] pulses = new long[(int) boots + 1];
        int boot = 0;
        for (GpioTrace.Event e : rig.trace()) {
            if (e.pin() == GateRig.EXIT_RELAY) {
                assertEquals(0, e.state(), "the exit relay never moves here");
                boot++;
            } else if (e.pin() == GateRig.EAST_RELAY && e.state() == 1) {
                pulses[boot]++;
            }
        }
        assertEquals(boots, boot, "one safe-state line per start in the trace");
        long[] grants = new long[(int) boots + 1];
        granted(events).forEach(r -> grants[(int) ((Number) r.get("boot")).longValue()]++);
        for (int b = 0; b <= boots; b++) {
            assertTrue(pulses[b] <= grants[b], "boot " + b + ": " + pulses[b] + " pulses but " + grants[b]
                    + " granted rows");
        }
        long total = Arrays.stream(pulses).sum();
        assertTrue(total > 0, "the relay pulsed at all");
        return total;
    }

    /** Every delivery of an event is byte for byte the same message, and its id is the row's. */
    private static void assertDeliveredUnchanged(Map<String, Object> row, List<byte[]> deliveries) throws IOException {
        long seq = seq(row);
        assertTrue(deliveries != null && !deliveries.isEmpty(), "seq " + seq + " never reached the broker");
        assertEquals(row.get("id"), JSON.readTree(deliveries.get(0)).get("id").asText(), "id of seq " + seq);
        String first = new String(deliveries.get(0), StandardCharsets.UTF_8);
        for (byte[] again : deliveries) {
            assertEquals(first, new String(again, StandardCharsets.UTF_8), "a repeated delivery of seq " + seq + " differs");
        }
    }

    private static List<Map<String, Object>> granted(List<Map<String, Object>> events) {
        return events.stream().filter(r -> "entry".equals(r.get("kind")) && "east".equals(r.get("lane"))
                && "granted".equals(r.get("result"))).toList();
    }

    /** The last scan of the burst is a known badge: once its row exists, the pty holds nothing older. */
    private static void awaitLastScanRecorded(GateRig rig) throws IOException {
        String subject = Pseudonymizer.fromKeyFile(rig.keyFile).pseudonym(LAST_BADGE_SUBJECT);
        GateRig.scan(rig.east, "CB:" + LAST_BADGE_SUBJECT);
        Await.until("the last scan in the ledger", Duration.ofSeconds(20),
                () -> rig.rows("entry").stream().anyMatch(r -> subject.equals(r.get("subject"))));
    }

    private static void awaitEverythingPublished(GateRig rig) {
        Await.until("every event at the broker", Duration.ofSeconds(60),
                () -> deliveriesBySeq(rig.subscriber).size() >= rig.allRows().size());
    }

    /** Deliveries of entries and alerts, duplicates included, by seq. */
    private static Map<Long, List<byte[]>> deliveriesBySeq(MqttTestSubscriber subscriber) {
        Map<Long, List<byte[]>> bySeq = new TreeMap<>();
        for (MqttTestSubscriber.Received m : subscriber.received()) {
            if (m.topic().endsWith("/entry") || m.topic().endsWith("/alert")) {
                bySeq.computeIfAbsent(seqOf(m.payload()), s -> new ArrayList<>()).add(m.payload());
            }
        }
        return bySeq;
    }

    private static long seqOf(byte[] payload) {
        try {
            return JSON.readTree(payload).get("seq").asLong();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long seq(Map<String, Object> row) {
        return ((Number) row.get("seq")).longValue();
    }

    private static String badge(int i) {
        return "CB:CRASH%08d".formatted(i);
    }

    /**
     * Writes one scan every {@link #SCAN_INTERVAL_US} into the lane's pty, dead daemon or not, until
     * stopped: mostly unrecognised texts, each distinct, and now and then a green badge.
     */
    private static final class Burst implements AutoCloseable {
        private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        private final AtomicLong written = new AtomicLong();
        private final AtomicReference<IOException> failure = new AtomicReference<>();

        Burst(PtyPair lane, Random texts) {
            writer.scheduleAtFixedRate(() -> {
                long n = written.get();
                String text = texts.nextInt(GREEN_ONE_IN) == 0 ? badge((int) (n % BADGES)) : "receipt %08d".formatted(n);
                try {
                    GateRig.scan(lane, text);
                    written.incrementAndGet();
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                    throw new UncheckedIOException(e); // ends the burst
                }
            }, 0, SCAN_INTERVAL_US, TimeUnit.MICROSECONDS);
        }

        /** Stops writing; returns how many scans were written. */
        long stop() throws InterruptedException, IOException {
            close();
            if (failure.get() != null) {
                throw failure.get();
            }
            return written.get();
        }

        @Override
        public void close() throws InterruptedException {
            writer.shutdownNow();
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the scan writer did not stop");
            }
        }
    }
}
