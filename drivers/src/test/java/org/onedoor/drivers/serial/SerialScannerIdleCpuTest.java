package org.onedoor.drivers.serial;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.PtyPair;

/**
 * What two idle scanners cost: the CPU time of both readers, and of the whole JVM, with both ports
 * open and silent. Prints the figures; asserts only a loose bound so a busy build machine cannot
 * fail it. The 60 s measurement runs with {@code -Donedoor.soak=true}.
 */
class SerialScannerIdleCpuTest {
    private static final double MAX_SHARE_OF_A_CORE = 0.05;

    @TempDir
    Path dir;

    @Test
    void twoIdleReadersCostLittleCpu() throws IOException {
        measure(Duration.ofSeconds(5));
    }

    @Test
    @EnabledIfSystemProperty(named = "onedoor.soak", matches = "true")
    void twoIdleReadersOverAMinute() throws IOException {
        measure(Duration.ofSeconds(60));
    }

    private void measure(Duration period) throws IOException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (PtyPair east = PtyPair.open(Files.createDirectories(dir.resolve("east")));
             PtyPair west = PtyPair.open(Files.createDirectories(dir.resolve("west")));
             SerialScanner a = open("idle-east", east);
             SerialScanner b = open("idle-west", west)) {
            Await.until("both scanners up", Duration.ofSeconds(5), () -> a.health().up() && b.health().up());
            List<Long> readers = List.of(readerThread("scanner-idle-east").getId(),
                    readerThread("scanner-idle-west").getId());

            long readersBefore = readers.stream().mapToLong(threads::getThreadCpuTime).sum();
            long processBefore = os.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            LockSupport.parkNanos(period.toNanos());
            long readersCpu = readers.stream().mapToLong(threads::getThreadCpuTime).sum() - readersBefore;
            long processCpu = os.getProcessCpuTime() - processBefore;
            long wall = System.nanoTime() - wallBefore;

            double share = (double) readersCpu / wall;
            System.out.printf("Two idle scanners over %.1f s: readers %.1f ms CPU = %.3f %% of a core; "
                            + "whole test JVM %.1f ms = %.3f %%%n", wall / 1e9, readersCpu / 1e6, share * 100,
                    processCpu / 1e6, 100.0 * processCpu / wall);
            assertTrue(share < MAX_SHARE_OF_A_CORE, "idle readers use " + share * 100 + " % of a core");
        }
    }

    private static SerialScanner open(String lane, PtyPair pty) {
        SerialScanner scanner = new SerialScanner(lane, pty.devicePath().toString(), 9600, new EolFramer(Framing.CR),
                new GenericProfile(), new JsscSerialPortOpener());
        scanner.start((frame, endNanos) -> { });
        return scanner;
    }

    private static Thread readerThread(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " thread"));
    }
}
