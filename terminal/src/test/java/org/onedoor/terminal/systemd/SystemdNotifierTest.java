package org.onedoor.terminal.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdNotifierTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long PID = 4242;

    @TempDir
    Path dir;

    @Test
    void sendsEachMessageAsOneDatagramToASocketPath() throws IOException {
        try (NotifySocket systemd = NotifySocket.atPath(dir)) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.address()), PID);

            notifier.status("ledger open, 2 lanes");
            notifier.ready();
            notifier.watchdog();
            notifier.stopping();

            assertEquals(List.of("STATUS=ledger open, 2 lanes", "READY=1", "WATCHDOG=1", "STOPPING=1"),
                    systemd.awaitMessages(4, WAIT));
        }
    }

    @Test
    void reachesAnAbstractNamespaceSocket() throws IOException {
        try (NotifySocket systemd = NotifySocket.abstractNamed("onedoor-test-" + UUID.randomUUID())) {
            assertTrue(systemd.address().startsWith("@"));
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.address()), PID);

            notifier.ready();

            assertEquals(List.of("READY=1"), systemd.awaitMessages(1, WAIT));
        }
    }

    @Test
    void statusIsKeptOnOneLine() throws IOException {
        try (NotifySocket systemd = NotifySocket.atPath(dir)) {
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.address()), PID);

            notifier.status("scanner east down\nREADY=1");

            assertEquals(List.of("STATUS=scanner east down READY=1"), systemd.awaitMessages(1, WAIT));
        }
    }

    @Test
    void withoutNotifySocketEveryCallIsANoOp() {
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "30000000"), PID);

        assertFalse(notifier.enabled());
        assertEquals(Optional.empty(), notifier.watchdogTimeout());
        notifier.ready();
        notifier.watchdog();
    }

    @Test
    void aVanishedSocketIsLoggedNotThrown() {
        SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", dir.resolve("gone").toString()), PID);

        assertTrue(notifier.enabled());
        notifier.ready();
        notifier.ready();
    }

    @Test
    void readsTheWatchdogTimeoutMeantForThisProcess() {
        assertEquals(Optional.of(Duration.ofSeconds(30)), SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "30000000"), PID).watchdogTimeout());
        assertEquals(Optional.of(Duration.ofMillis(1500)), SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "1500000",
                        "WATCHDOG_PID", Long.toString(PID)), PID).watchdogTimeout());
    }

    @Test
    void ignoresAWatchdogMeantForAnotherProcessOrUnreadable() {
        assertEquals(Optional.empty(), SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "30000000",
                        "WATCHDOG_PID", "1"), PID).watchdogTimeout());
        assertEquals(Optional.empty(), SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "soon"), PID).watchdogTimeout());
        assertEquals(Optional.empty(), SystemdNotifier.fromEnvironment(
                Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "0"), PID).watchdogTimeout());
    }

    @Test
    void refusesAddressesThatAreNotUnixSockets() {
        assertFalse(SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "vsock:2:1234"), PID).enabled());
        assertThrows(IOException.class, () -> UnixDatagram.sockaddr("/" + "x".repeat(UnixDatagram.MAX_PATH_BYTES)));
    }
}
