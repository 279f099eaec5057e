package org.onedoor.drivers.serial;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.PtyPair;

/** The scanner over a real pseudo-terminal and JSSC, including unplug and replug. */
class SerialScannerPtyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private PtyPair pty;
    private SerialScanner scanner;
    private final Events events = new Events();

    /** What the scanner reported, in order; the frames named in {@link #FAILURES} make it throw. */
    static final class Events implements ScanListener {
        /** As a broken decision path would throw; only the last is a fault of the whole JVM. */
        static final Map<String, Error> FAILURES = Map.of("overflow", new StackOverflowError(),
                "assertion", new AssertionError("a defect"), "internal", new InternalError("a fault of the JVM"));
        final List<String> frames = new CopyOnWriteArrayList<>();
        final List<Boolean> availability = new CopyOnWriteArrayList<>();
        final List<String> details = new CopyOnWriteArrayList<>();

        @Override
        public void onFrame(byte[] frame, long endNanos) {
            String text = new String(frame, US_ASCII);
            frames.add(text);
            if (FAILURES.containsKey(text)) {
                throw FAILURES.get(text);
            }
        }

        @Override
        public void onAvailability(boolean up, String detail) {
            details.add(detail);
            availability.add(up);
        }

        boolean lastUp() {
            return !availability.isEmpty() && availability.get(availability.size() - 1);
        }
    }

    @BeforeEach
    void openPortAndScanner() throws IOException {
        pty = PtyPair.open(dir);
        scanner = new SerialScanner("east", pty.devicePath().toString(), 9600, new EolFramer(Framing.CRLF), new GenericProfile(),
                new JsscSerialPortOpener());
        scanner.start(events);
        Await.until("scanner up", TIMEOUT, events::lastUp);
    }

    @AfterEach
    void closeAll() {
        scanner.close();
        pty.close();
    }

    @Test
    void framesWrittenAtOnceArriveIntactAndInOrder() throws IOException {
        pty.write("HC1:first\r\nsecond\r\nthird\r\n".getBytes(US_ASCII));

        Await.until("three frames", TIMEOUT, () -> events.frames.size() == 3);
        assertEquals(List.of("HC1:first", "second", "third"), events.frames);
        assertEquals(3, scanner.health().frames());
    }

    @Test
    void framesWrittenByteByByteArriveIntact() throws IOException {
        byte[] bytes = "slow-code-1\r\nslow-code-2\r\n".getBytes(US_ASCII);
        for (byte b : bytes) {
            pty.write(new byte[] {b});
            paceLikeASlowModule();
        }

        Await.until("two frames", TIMEOUT, () -> events.frames.size() == 2);
        assertEquals(List.of("slow-code-1", "slow-code-2"), events.frames);
    }

    @Test
    void unplugMarksDownAndReplugBringsItBackWithinTwoSeconds() throws IOException {
        pty.kill();
        Await.until("scanner down after unplug", TIMEOUT, () -> !events.lastUp());
        assertFalse(scanner.health().up());

        pty.restart();
        Await.until("scanner up within 2 s of replug", Duration.ofMillis(2500), events::lastUp);
        assertEquals(List.of(true, false, true), events.availability);

        pty.write("after-replug\r\n".getBytes(US_ASCII));
        Await.until("frame after replug", TIMEOUT, () -> events.frames.contains("after-replug"));
        assertTrue(scanner.health().up());
    }

    @Test
    void anErrorInTheListenerCostsOnlyItsFrame() throws IOException {
        pty.write("overflow\r\nassertion\r\nafter\r\n".getBytes(US_ASCII));

        Await.until("the frame after the failures", TIMEOUT, () -> events.frames.contains("after"));
        assertTrue(scanner.readerAlive());
        assertTrue(scanner.health().up());
        assertEquals(2, scanner.health().errors(), "each failed frame counted");
    }

    @Test
    void aFaultOfTheJvmEndsTheReaderWhichReportsItselfDown() throws IOException {
        assertTrue(scanner.readerAlive());
        pty.write("internal\r\n".getBytes(US_ASCII));

        Await.until("the reader ended", TIMEOUT, () -> !scanner.readerAlive());
        assertEquals(List.of(true, false), events.availability);
        assertEquals("reader stopped: InternalError", events.details.get(1));
        assertFalse(scanner.health().up());
        assertEquals("reader stopped: InternalError", scanner.health().detail());
    }

    @Test
    void closeStopsTheReaderThread() {
        scanner.close();
        scanner.close();

        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("scanner-") && t.isAlive()), "no scanner thread left");
        assertFalse(scanner.health().up());
    }

    /** Paces the sender (about two byte-times at 9600 baud); the assertions wait on conditions. */
    private static void paceLikeASlowModule() {
        LockSupport.parkNanos(2_000_000);
    }
}
