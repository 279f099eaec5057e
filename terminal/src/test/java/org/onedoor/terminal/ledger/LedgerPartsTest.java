package org.onedoor.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Freshness;
import org.onedoor.terminal.event.Severity;

/** The ledger's parts as they meet: listeners outside the lock, rows bound by column name. */
class LedgerPartsTest {
    @TempDir
    Path dir;

    @Test
    void aSlowListenerHoldsUpOnlyItsOwnThreadNotTheOtherWriters() throws Exception {
        try (Ledger ledger = Ledger.open(dir, new LedgerSettings(Durability.PROCESS_SAFE, Duration.ofDays(28), 0),
                Clock.systemUTC(), () -> true, Map.of("terminal", "t1"))) {
            CountDownLatch listening = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            ledger.onAppended((event, recorded) -> {
                if (event instanceof Event.Alert) {
                    listening.countDown();
                    awaitQuietly(release);
                }
            });
            CompletableFuture<Recorded> slow = CompletableFuture.supplyAsync(() -> ledger.append(
                    new Event.Alert(AlertType.DISK_LOW, Severity.HIGH, null, null, Map.of())));
            assertTrue(listening.await(5, TimeUnit.SECONDS));

            CompletableFuture<Recorded> scan = CompletableFuture.supplyAsync(() -> ledger.append(entry()));
            Await.until("another thread's entry is committed while the listener still runs", Duration.ofSeconds(5),
                    scan::isDone);

            release.countDown();
            assertEquals(List.of(1L, 2L), List.of(slow.get(5, TimeUnit.SECONDS).seq(), scan.get().seq()));
        }
    }

    @Test
    void aRowSetsOnlyTheColumnsAnInsertHasAndTheInsertNamesEachOnce() {
        assertThrows(IllegalArgumentException.class, () -> new EventRow().set("seq", 1L));
        assertThrows(IllegalArgumentException.class, () -> new EventRow().set("published", 1));
        assertEquals(EventRow.COLUMNS.size(), EventRow.COLUMNS.stream().distinct().count());
        assertEquals(EventRow.COLUMNS.size(), EventRow.INSERT.chars().filter(c -> c == '?').count());
    }

    private static Event.Entry entry() {
        return new Event.Entry("east", "东门", "entry", "granted", "green", "green", "online", "abc", "strict",
                Freshness.UNKNOWN);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
