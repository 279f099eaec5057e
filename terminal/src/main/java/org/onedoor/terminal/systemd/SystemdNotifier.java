package org.onedoor.terminal.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Tells systemd how the service is doing ({@code sd_notify}): {@code READY=1} once it serves,
 * {@code STATUS=…} for {@code systemctl status}, {@code WATCHDOG=1} while it is alive,
 * {@code STOPPING=1} on the way out. Without {@code NOTIFY_SOCKET} (not started by systemd, or a
 * unit that is not {@code Type=notify}) every call does nothing, so the daemon calls it unconditionally.
 *
 * <p>A message that cannot be sent is logged, never thrown: the gate must keep working whatever the
 * service manager does. The first failure is a warning, the rest are debug lines, because a broken
 * socket would otherwise log at every watchdog ping.
 */
public final class SystemdNotifier {
    private static final SystemdNotifier DISABLED = new SystemdNotifier(null, Optional.empty());

    private final String socket;
    private final Optional<Duration> watchdogInterval;
    private volatile boolean failedBefore;

    private SystemdNotifier(String socket, Optional<Duration> watchdogInterval) {
        this.socket = socket;
        this.watchdogInterval = watchdogInterval;
    }

    /** From this process's environment. */
    public static SystemdNotifier fromEnvironment() {
        return fromEnvironment(System.getenv(), ProcessHandle.current().pid());
    }

    /**
     * Reads {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID} as {@code
     * sd_watchdog_enabled} does: a watchdog meant for another process (a launcher that forked instead
     * of exec'ing) is ignored.
     */
    static SystemdNotifier fromEnvironment(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return DISABLED;
        }
        if (!socket.startsWith("/") && !socket.startsWith("@")) {
            Logger.warn("NOTIFY_SOCKET {} is not a Unix socket path; systemd will not hear from this process", socket);
            return DISABLED;
        }
        return new SystemdNotifier(socket, watchdogTimeout(env, pid));
    }

    private static Optional<Duration> watchdogTimeout(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null) {
            return Optional.empty();
        }
        String forPid = env.get("WATCHDOG_PID");
        try {
            if (forPid != null && Long.parseLong(forPid.strip()) != pid) {
                return Optional.empty();
            }
            long micros = Long.parseLong(usec.strip());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            Logger.warn("WATCHDOG_USEC={} or WATCHDOG_PID={} is not a number; no watchdog", usec, forPid);
            return Optional.empty();
        }
    }

    /** Whether systemd listens: false makes every call a no-op. */
    public boolean enabled() {
        return socket != null;
    }

    /** The unit's {@code WatchdogSec}, if systemd expects {@code WATCHDOG=1} from this process. */
    public Optional<Duration> watchdogTimeout() {
        return watchdogInterval;
    }

    /** Startup is finished: systemd starts the units ordered after this one. */
    public void ready() {
        send("READY=1");
    }

    /** Free text for {@code systemctl status}; one line (line breaks become spaces). */
    public void status(String text) {
        send("STATUS=" + text.replace('\n', ' ').replace('\r', ' '));
    }

    /** The service is alive; resets systemd's watchdog timer. */
    public void watchdog() {
        send("WATCHDOG=1");
    }

    /** Shutdown has begun. */
    public void stopping() {
        send("STOPPING=1");
    }

    private void send(String message) {
        if (socket == null) {
            return;
        }
        try {
            UnixDatagram.send(socket, message.getBytes(StandardCharsets.UTF_8));
            failedBefore = false;
        } catch (IOException | RuntimeException | LinkageError e) {
            if (failedBefore) {
                Logger.debug("systemd notification {} not sent: {}", message, e.getMessage());
            } else {
                Logger.warn("systemd notification {} not sent: {}", message, e.getMessage());
                failedBefore = true;
            }
        }
    }
}
