package org.onedoor.drivers.serial;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.PtyPair;

/**
 * Measures what an idle scanner costs: the reader's CPU time over a few seconds with the port open
 * and silent. Prints the figure; asserts only a loose bound so a busy build machine cannot fail it.
 */
class SerialScannerIdleCpuTest {
    private static final Duration MEASURE = Duration.ofSeconds(5);
    private static final double MAX_SHARE_OF_A_CORE = 0.05;

    @TempDir
    Path dir;

    @Test
    void idleReaderCostsLittleCpu() throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (PtyPair pty = PtyPair.open(dir);
             SerialScanner scanner = new SerialScanner("idle", pty.devicePath().toString(), 9600,
                     new EolFramer(Framing.CR), new GenericProfile(), new JsscSerialPortOpener())) {
            scanner.start(new ScanListener() {
                @Override
                public void onFrame(byte[] frame, long endNanos) {
                }
            });
            Await.until("scanner up", Duration.ofSeconds(5), () -> scanner.health().up());
            long threadId = readerThread().getId();

            long cpuBefore = threads.getThreadCpuTime(threadId);
            long wallBefore = System.nanoTime();
            LockSupport.parkNanos(MEASURE.toNanos());
            long cpu = threads.getThreadCpuTime(threadId) - cpuBefore;
            long wall = System.nanoTime() - wallBefore;

            double share = (double) cpu / wall;
            System.out.printf("Idle scanner reader: %.2f ms CPU over %.2f s = %.3f %% of a core%n",
                    cpu / 1e6, wall / 1e9, share * 100);
            assertTrue(share < MAX_SHARE_OF_A_CORE, "idle reader uses " + share * 100 + " % of a core");
        }
    }

    private static Thread readerThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("scanner-idle"))
                .findFirst().orElseThrow(() -> new AssertionError("no scanner-idle thread"));
    }
}
