package org.onedoor.terminal.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchdogLoopTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void pingsOnlyWhileEveryCheckPassesAndReportsAFailureOnce() throws IOException {
        AtomicBoolean scanLoop = new AtomicBoolean(true);
        AtomicBoolean publisher = new AtomicBoolean(true);
        try (NotifySocket systemd = NotifySocket.atPath(dir);
             WatchdogLoop loop = new WatchdogLoop(notifier(systemd, "30000000"))
                     .register("scan loop east", scanLoop::get)
                     .register("publisher", publisher::get)) {

            loop.tick();
            scanLoop.set(false);
            loop.tick();
            loop.tick();
            publisher.set(false);
            loop.tick();
            scanLoop.set(true);
            publisher.set(true);
            loop.tick();

            // Datagrams on one socket arrive in order: nothing between two messages means no ping was sent.
            assertEquals(List.of(
                    "WATCHDOG=1",
                    "STATUS=liveness check failed: scan loop east",
                    "STATUS=running",
                    "WATCHDOG=1"), systemd.awaitMessages(4, WAIT));
            assertEquals(4, systemd.messages().size());
        }
    }

    @Test
    void aCheckThatThrowsWithholdsThePing() throws IOException {
        try (NotifySocket systemd = NotifySocket.atPath(dir);
             WatchdogLoop loop = new WatchdogLoop(notifier(systemd, "30000000"))
                     .register("decision path", () -> {
                         throw new IllegalStateException("lane lock held");
                     })) {
            loop.tick();
            loop.tick();

            assertEquals(List.of("STATUS=liveness check failed: decision path"), systemd.awaitMessages(1, WAIT));
            assertEquals(1, systemd.messages().size());
        }
    }

    @Test
    void pingsEveryThirdOfTheWatchdogTimeout() throws IOException {
        try (NotifySocket systemd = NotifySocket.atPath(dir);
             WatchdogLoop loop = new WatchdogLoop(notifier(systemd, "300000")).register("always", () -> true)) {
            long started = System.nanoTime();

            assertEquals(Optional.of(Duration.ofMillis(100)), loop.start());

            List<String> pings = systemd.awaitMessages(4, WAIT);
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(pings.stream().allMatch("WATCHDOG=1"::equals), pings.toString());
            System.out.println("WatchdogLoopTest: 4 pings (the first at once) in " + elapsedMs
                    + " ms with WATCHDOG_USEC=300000 (period 100 ms)");
        }
    }

    @Test
    void startsNothingWithoutAWatchdog() throws IOException {
        try (NotifySocket systemd = NotifySocket.atPath(dir);
             WatchdogLoop loop = new WatchdogLoop(SystemdNotifier.fromEnvironment(
                     Map.of("NOTIFY_SOCKET", systemd.address()), 1))) {
            assertEquals(Optional.empty(), loop.start());
        }
    }

    @Test
    void aCheckNameIsRegisteredOnce() {
        WatchdogLoop loop = new WatchdogLoop(SystemdNotifier.fromEnvironment(Map.of(), 1)).register("publisher", () -> true);

        assertThrows(IllegalArgumentException.class, () -> loop.register("publisher", () -> true));
    }

    private static SystemdNotifier notifier(NotifySocket systemd, String watchdogUsec) {
        return SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", systemd.address(), "WATCHDOG_USEC", watchdogUsec), 1);
    }
}
