package org.onedoor.drivers.serial;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.DirectPty;
import org.onedoor.drivers.testing.PtyPair;
import org.onedoor.drivers.testing.ScannerFeed;

/**
 * How soon an idle reader hands a scan on: from the return of the {@code write()} of the whole frame to
 * the pseudo-terminal until the listener has the frame, each scan after the port was silent for
 * {@link #IDLE} (a gate where people arrive seconds apart). This is the serial share of the bench's
 * frame-to-relay figure. Prints p50, p99 and max; asserts only that every frame arrived whole. 1,000 scans
 * with {@code -Donedoor.soak=true}.
 */
class SerialScannerWakeLatencyTest {
    private static final Duration IDLE = Duration.ofMillis(250);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void anIdleReaderHandsOnAScanAtOnce() throws Exception {
        measure(20, PtyPair.open(dir));
    }

    /** The benchmark's line: one pseudo-terminal whose master the test holds, no socat between. */
    @Test
    void anIdleReaderHandsOnAScanFromADirectPseudoTerminalWhole() throws Exception {
        measure(20, DirectPty.open(dir));
    }

    @Test
    @EnabledIfSystemProperty(named = "onedoor.soak", matches = "true")
    void aThousandScansAfterSilence() throws Exception {
        measure(1000, PtyPair.open(dir));
        measure(1000, DirectPty.open(dir));
    }

    private void measure(int scans, ScannerFeed feed) throws IOException, InterruptedException {
        BlockingQueue<Arrival> arrivals = new ArrayBlockingQueue<>(scans);
        long[] latencies = new long[scans];
        try (ScannerFeed pty = feed;
             SerialScanner scanner = new SerialScanner("wake", pty.devicePath().toString(), 115200,
                     new EolFramer(Framing.CR), new GenericProfile(), new JsscSerialPortOpener())) {
            scanner.start((frame, endNanos) -> arrivals.add(new Arrival(frame, System.nanoTime())));
            Await.until("scanner up", TIMEOUT, () -> scanner.health().up());
            for (int i = 0; i < scans; i++) {
                byte[] code = String.format("CB:WAKE%08d", i).getBytes(US_ASCII);
                LockSupport.parkNanos(IDLE.toNanos());
                pty.write(withCr(code));
                long written = System.nanoTime();
                Arrival arrival = arrivals.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (arrival == null) {
                    throw new AssertionError("scan " + i + " not handed on within " + TIMEOUT);
                }
                assertArrayEquals(code, arrival.frame());
                latencies[i] = Math.max(0, arrival.atNanos() - written);
            }
            assertEquals(scans, scanner.health().frames());
        }
        Arrays.sort(latencies);
        System.out.printf("SerialScannerWakeLatencyTest (%s): %d scans after %d ms of silence, write returned to frame "
                        + "handed on: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", feed.getClass().getSimpleName(), scans,
                IDLE.toMillis(),
                percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.99) / 1e6, latencies[scans - 1] / 1e6);
    }

    private static byte[] withCr(byte[] code) {
        byte[] frame = Arrays.copyOf(code, code.length + 1);
        frame[code.length] = '\r';
        return frame;
    }

    /** Nearest rank, as the bench takes it. */
    private static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private record Arrival(byte[] frame, long atNanos) {
    }
}
