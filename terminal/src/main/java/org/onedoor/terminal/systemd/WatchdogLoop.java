package org.onedoor.terminal.systemd;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.tinylog.Logger;

/**
 * Pings systemd's watchdog ({@code WATCHDOG=1}) every third of {@code WatchdogSec}, but only while
 * every registered liveness check passes. A hung scan loop or a stuck decision therefore ends in a
 * restart by systemd instead of a gate that looks alive and opens for no one. A failing check is
 * logged and put in the unit's status once per episode, not at every tick.
 */
public final class WatchdogLoop implements AutoCloseable {
    private final SystemdNotifier notifier;
    private final Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
    private String failing;
    private ScheduledExecutorService timer;

    public WatchdogLoop(SystemdNotifier notifier) {
        this.notifier = notifier;
    }

    /**
     * Adds a check, e.g. "scan loop east" or "publisher"; it runs on the watchdog thread and must
     * answer at once (read a flag or a timestamp, never wait). A check that throws counts as failed.
     */
    public synchronized WatchdogLoop register(String name, BooleanSupplier alive) {
        if (checks.putIfAbsent(name, alive) != null) {
            throw new IllegalArgumentException("liveness check " + name + " registered twice");
        }
        return this;
    }

    /**
     * Starts the pings if systemd expects them ({@code WATCHDOG_USEC} for this process).
     *
     * @return the ping period, or empty when there is no watchdog and nothing was started
     */
    public synchronized Optional<Duration> start() {
        if (timer != null) {
            throw new IllegalStateException("watchdog loop already started");
        }
        Optional<Duration> period = notifier.watchdogTimeout().map(timeout -> timeout.dividedBy(3));
        period.ifPresent(p -> {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "watchdog");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::tick, 0, p.toNanos(), TimeUnit.NANOSECONDS);
            Logger.info("systemd watchdog: {} liveness check(s), a ping every {} ms", checks.size(), p.toMillis());
        });
        return period;
    }

    /** One round: all checks pass, ping; one fails, withhold the ping (and say so once). */
    synchronized void tick() {
        Optional<String> failed = firstFailing();
        if (failed.isEmpty()) {
            if (failing != null) {
                Logger.info("liveness check {} passes again; watchdog pings resume", failing);
                notifier.status("running");
                failing = null;
            }
            notifier.watchdog();
            return;
        }
        String name = failed.get();
        if (!name.equals(failing)) {
            Logger.error("liveness check {} failed; watchdog pings withheld, systemd restarts the service "
                    + "if it does not recover", name);
            notifier.status("liveness check failed: " + name);
            failing = name;
        }
    }

    private Optional<String> firstFailing() {
        for (Map.Entry<String, BooleanSupplier> check : checks.entrySet()) {
            try {
                if (!check.getValue().getAsBoolean()) {
                    return Optional.of(check.getKey());
                }
            } catch (RuntimeException e) {
                Logger.debug(e, "liveness check {} threw", check.getKey());
                return Optional.of(check.getKey());
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
