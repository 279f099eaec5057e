package org.onedoor.drivers.serial;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.PtyPair;

/**
 * Unplug and replug, over and over: the pseudo-terminal is destroyed and recreated under the same
 * link path while scans keep coming. Each scan sent while the port exists is read — including one
 * sent before the reader has reopened the port — the scanner is back within 2 s every time, and
 * neither threads nor file descriptors leak.
 */
class SerialScannerReplugTest {
    private static final Duration BACK_WITHIN = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void replugAHundredTimes() throws IOException {
        replug(100);
    }

    @Test
    @EnabledIfSystemProperty(named = "onedoor.soak", matches = "true")
    void replugAThousandTimes() throws IOException {
        replug(1000);
    }

    /** Unplugged long enough for the backoff to reach its cap; back within the cap of the replug. */
    @Test
    void backWithinTwoSecondsAfterALongUnplug() throws IOException {
        try (PtyPair pty = PtyPair.open(dir);
             SerialScanner scanner = new SerialScanner("long", pty.devicePath().toString(), 9600,
                     new EolFramer(Framing.CR), new GenericProfile(), new JsscSerialPortOpener())) {
            scanner.start((frame, endNanos) -> { });
            Await.until("scanner up", TIMEOUT, () -> scanner.health().up());
            pty.kill();
            Await.until("down after unplug", TIMEOUT, () -> !scanner.health().up());
            LockSupport.parkNanos(Duration.ofSeconds(4).toNanos()); // the device stays away: 100+200+…+1600 ms of retries
            pty.restart();
            long replugged = System.nanoTime();

            Await.until("back within 2 s", BACK_WITHIN.plusMillis(300), () -> scanner.health().up());
            System.out.printf("Replug after 4 s away: back in %d ms%n", (System.nanoTime() - replugged) / 1_000_000);
        }
    }

    private void replug(int cycles) throws IOException {
        Set<String> received = ConcurrentHashMap.newKeySet();
        List<Long> recoveryMs = new ArrayList<>();
        try (PtyPair pty = PtyPair.open(dir);
             SerialScanner scanner = new SerialScanner("replug", pty.devicePath().toString(), 9600,
                     new EolFramer(Framing.CR), new GenericProfile(), new JsscSerialPortOpener())) {
            scanner.start((frame, endNanos) -> received.add(new String(frame, US_ASCII)));
            Await.until("scanner up", TIMEOUT, () -> scanner.health().up());
            sendAndAwait(pty, received, "first");
            long fdsBefore = openFileDescriptors();
            int threadsBefore = liveThreads();

            for (int i = 0; i < cycles; i++) {
                pty.kill();
                Await.until("down after unplug " + i, TIMEOUT, () -> !scanner.health().up());
                pty.restart();
                long replugged = System.nanoTime();
                pty.write(("while-reopening-" + i + "\r").getBytes(US_ASCII));
                Await.until("back after replug " + i, TIMEOUT, () -> scanner.health().up());
                recoveryMs.add((System.nanoTime() - replugged) / 1_000_000);
                sendAndAwait(pty, received, "after-replug-" + i);
                String early = "while-reopening-" + i;
                Await.until(early, TIMEOUT, () -> received.contains(early));
            }

            report(cycles, recoveryMs);
            assertTrue(Collections.max(recoveryMs) <= BACK_WITHIN.toMillis(), "recovery times " + recoveryMs);
            assertEquals(2L * cycles + 1, received.size(), "every scan read once");
            // The JDK closes an exited child's pipes on its reaper thread, a moment after waitFor returns.
            Await.until("threads back to " + threadsBefore, TIMEOUT, () -> liveThreads() == threadsBefore);
            Await.until("file descriptors back to " + fdsBefore, TIMEOUT, () -> openFileDescriptors() == fdsBefore);
            assertEquals(cycles, scanner.health().errors(), "one lost port per cycle");
        }
    }

    private static void sendAndAwait(PtyPair pty, Set<String> received, String scan) throws IOException {
        pty.write((scan + "\r").getBytes(US_ASCII));
        Await.until(scan, TIMEOUT, () -> received.contains(scan));
    }

    private static void report(int cycles, List<Long> recoveryMs) {
        List<Long> sorted = recoveryMs.stream().sorted().toList();
        System.out.printf("Replug x%d: recovery median %d ms, max %d ms%n", cycles, sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1));
    }

    private static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JDK's process reapers are pooled and linger after socat exits; they are not ours. */
    private static int liveThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.getName().startsWith("process reaper"))
                .count();
    }
}
