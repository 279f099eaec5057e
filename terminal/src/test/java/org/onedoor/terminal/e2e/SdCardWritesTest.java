package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.ledger.Durability;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.status.StatusCache;
import org.onedoor.terminal.testing.InProcessGate;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.ProcCounters;

/**
 * How much the terminal writes to its SD card per 1,000 scans, with the defaults a venue runs:
 * power-safe ledger, GPIO trace off, default logging, publishing to a broker. Each scan is a new
 * person with a green badge, verified online, so the status cache is written too. Two paces: one by
 * one, each entry published before the next person scans (an ordinary day: every scan pays its own
 * commits), and a burst whose rows the publisher marks in batches (a queue at opening time). Prints
 * the figures docs/reliability.md quotes; asserts only that every scan was recorded.
 */
class SdCardWritesTest {
    private static final int SCANS = 1_000;
    private static final Duration PUBLISH_DEADLINE = Duration.ofSeconds(10);
    /** What SQLite keeps on disk; the {@code -shm} index is shared memory, mapped rather than written. */
    private static final long SELF = ProcessHandle.current().pid();
    private static final List<String> DATA_FILES = List.of("ledger.db", "ledger.db-wal", StatusCache.FILE_NAME,
            StatusCache.FILE_NAME + "-wal");

    @TempDir
    Path dir;

    enum Pace { ONE_BY_ONE, BURST }

    @ParameterizedTest
    @EnumSource(Pace.class)
    void bytesWrittenPerThousandScans(Pace pace) throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY).start();
             StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            for (int i = 0; i < SCANS; i++) {
                service.register(badge(i), HealthStatus.GREEN, "subject-" + i, Duration.ofHours(1));
            }
            service.start();
            InProcessGate gate = new InProcessGate().healthService(service.port()).broker(broker.url(), 200)
                    .durability(Durability.POWER_SAFE);
            gate.start(dir, null, true).close(); // created and checkpointed: the baseline for the file sizes
            long sizeBefore = dataFilesSize();

            try (Daemon daemon = gate.start(dir, null, true)) {
                ProcCounters.Io before = ProcCounters.io(SELF);
                scan(gate, daemon, pace);
                daemon.close(); // the last connection's close checkpoints the WAL into the database
                report(pace, ProcCounters.io(SELF).minus(before), dataFilesSize() - sizeBefore);
            }
        }
    }

    private static void scan(InProcessGate gate, Daemon daemon, Pace pace) {
        for (int i = 0; i < SCANS; i++) {
            gate.scanner().inject(badge(i).getBytes(StandardCharsets.UTF_8));
            if (pace == Pace.ONE_BY_ONE) {
                Await.until("scan " + i + " published", PUBLISH_DEADLINE, () -> daemon.ledger().depth() == 0);
            }
        }
        Await.until("all published", PUBLISH_DEADLINE, () -> daemon.ledger().depth() == 0);
        assertEquals(Map.of("granted:green", (long) SCANS), daemon.lanes().get(0).counters().outcomes());
        assertEquals(SCANS, daemon.ledger().appendedCount());
    }

    private static void report(Pace pace, ProcCounters.Io written, long sizeGrowth) {
        // write_bytes is what reached the block layer; some containers do not account it and show 0.
        boolean blockLayer = written.writeBytes() > 0;
        long bytes = blockLayer ? written.writeBytes() - written.cancelledWriteBytes() : written.wchar();
        assertTrue(bytes > 0, "/proc/self/io accounted no writes at all");
        System.out.printf("SdCardWritesTest: %,d scans (power-safe, %s): %,d bytes written"
                        + " (%s) = %.1f KiB per scan; /proc/self/io write_bytes %,d, cancelled %,d, wchar %,d;"
                        + " %s growth %,d bytes = %.0f bytes per scan%n",
                SCANS, pace, bytes, blockLayer ? "write_bytes - cancelled_write_bytes" : "wchar, write_bytes read 0",
                bytes / 1024.0 / SCANS, written.writeBytes(), written.cancelledWriteBytes(), written.wchar(),
                String.join(" + ", DATA_FILES), sizeGrowth, (double) sizeGrowth / SCANS);
    }

    private long dataFilesSize() throws IOException {
        long total = 0;
        for (String name : DATA_FILES) {
            Path f = dir.resolve("data").resolve(name);
            total += Files.exists(f) ? Files.size(f) : 0;
        }
        return total;
    }

    private static String badge(int i) {
        return String.format("CB:PERSON%06d", i);
    }
}
