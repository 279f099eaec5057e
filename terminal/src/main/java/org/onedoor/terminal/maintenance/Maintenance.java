package org.onedoor.terminal.maintenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.onedoor.terminal.event.ClockWatcher;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.event.EventSink;
import org.onedoor.terminal.event.Freshness;
import org.onedoor.terminal.freshness.FreshnessMonitor;
import org.onedoor.terminal.freshness.FreshnessMonitor.Staleness;
import org.onedoor.terminal.ledger.Ledger;
import org.onedoor.terminal.ledger.LedgerException;
import org.onedoor.terminal.ledger.Purge;
import org.onedoor.terminal.lifecycle.Service;
import org.tinylog.Logger;

/**
 * The terminal's scheduled jobs and watchers, on one thread of their own: retention at start and every few
 * hours, idle acknowledgements, the clock-correction check, and the watchers of staleness, of the health
 * service's breaker and of free disk space. A purge of a large ledger must not delay a relay release.
 */
public final class Maintenance implements Service {
    /** The watchdog's limit: the staleness check turns every 2 s, so 30 s without one is a stuck thread. */
    private static final Duration STUCK_AFTER = Duration.ofSeconds(30);

    /**
     * What the jobs watch and act on.
     *
     * @param breakerOpen   whether scans have stopped asking the health service
     * @param trustIssuedAt when the trust list in force was issued; empty without signed codes
     * @param staleLamps    shows (true) or clears (false) the stale-data lamp on every lane
     * @param dataDir       where the ledger lives, for the free-space watch
     * @param heldAlerts    writes the alerts a coalescer held back (the risk list's), every 2 s
     */
    public record Watched(Ledger ledger, EventSink events, FreshnessMonitor freshness, BooleanSupplier breakerOpen,
                          Supplier<Optional<Instant>> trustIssuedAt, Consumer<Boolean> staleLamps, Path dataDir,
                          ClockWatcher clock, Runnable heldAlerts) {
    }

    private final Supplier<Watched> watched;
    /** The jobs retry a failing card every 2 s; the journal hears of it once a minute. */
    private final RepeatLimiter repeats = new RepeatLimiter();
    private volatile long lastTurnNanos = System.nanoTime();
    private ScheduledExecutorService thread;
    private Watched w;
    /** Owned by the maintenance thread: what was last shown and alerted. */
    private boolean shownBreakerOpen;
    private boolean shownDiskLow;
    private Staleness shownStaleness = Staleness.NONE;

    /** @param watched what the jobs watch, asked for at start: the parts started before this one */
    public Maintenance(Supplier<Watched> watched) {
        this.watched = watched;
    }

    @Override
    public String name() {
        return "maintenance";
    }

    @Override
    public void start() {
        w = watched.get();
        lastTurnNanos = System.nanoTime();
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maintenance");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::reportClockCorrection, 0, 2, TimeUnit.SECONDS);
        thread.scheduleWithFixedDelay(this::purge, 0, 6, TimeUnit.HOURS);
        thread.scheduleWithFixedDelay(this::flushAcknowledgements, 2, 2, TimeUnit.SECONDS);
        thread.scheduleWithFixedDelay(this::showStaleness, 0, 2, TimeUnit.SECONDS);
        thread.scheduleWithFixedDelay(this::watchServiceBreaker, 2, 2, TimeUnit.SECONDS);
        thread.scheduleWithFixedDelay(this::watchDiskSpace, 0, 60, TimeUnit.SECONDS);
        thread.scheduleWithFixedDelay(w.heldAlerts(), 2, 2, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        thread.shutdownNow();
    }

    /** The maintenance thread still turning. */
    @Override
    public Map<String, BooleanSupplier> liveness() {
        Map<String, BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put("maintenance", () -> System.nanoTime() - lastTurnNanos < STUCK_AFTER.toNanos());
        return checks;
    }

    /** {@code service_unreachable} when scans stop asking the service, {@code service_reachable} when it is back. */
    private void watchServiceBreaker() {
        boolean open = w.breakerOpen().getAsBoolean();
        if (open != shownBreakerOpen) {
            shownBreakerOpen = open;
            Logger.warn("health service {}", open ? "unreachable: scans stop asking it" : "reachable again");
            w.events().record(new Event.Alert(open ? AlertType.SERVICE_UNREACHABLE : AlertType.SERVICE_REACHABLE,
                    open ? Severity.HIGH : Severity.INFO, null, null, Map.of()));
        }
    }

    /** {@code disk_low} below 5 % or 100 MB free where the ledger lives; {@code disk_ok} when there is room again. */
    private void watchDiskSpace() {
        try {
            var store = Files.getFileStore(w.dataDir());
            long free = store.getUsableSpace();
            boolean low = free < 100L * 1024 * 1024 || free < store.getTotalSpace() / 20;
            if (low != shownDiskLow) {
                shownDiskLow = low;
                w.events().record(new Event.Alert(low ? AlertType.DISK_LOW : AlertType.DISK_OK,
                        low ? Severity.HIGH : Severity.INFO, null, null,
                        Map.of("free_mb", free / (1024 * 1024))));
            }
        } catch (IOException e) {
            Logger.warn("cannot read free space of the data directory: {}", e.getClass().getSimpleName());
        }
    }

    /** The amber lamp and a {@code stale_data} alert when the service or the risk list is past its limit. */
    private void showStaleness() {
        lastTurnNanos = System.nanoTime();
        Staleness now = w.freshness().staleness();
        if (now.equals(shownStaleness)) {
            return;
        }
        Freshness ages = w.freshness().now();
        alertStaleness("service", shownStaleness.service(), now.service(), ages.serviceAgeS());
        alertStaleness("risklist", shownStaleness.riskList(), now.riskList(), ages.riskListAgeS());
        alertStaleness("trustlist", shownStaleness.trustList(), now.trustList(), w.trustIssuedAt().get()
                .map(issued -> Duration.between(issued, Instant.now()).toSeconds()).orElse(null));
        if (now.any() != shownStaleness.any()) {
            w.staleLamps().accept(now.any());
        }
        shownStaleness = now;
    }

    private void alertStaleness(String what, boolean was, boolean is, Long ageS) {
        if (was == is) {
            return;
        }
        Logger.warn("{} data {}", what, is ? "stale" : "fresh again");
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("what", what);
        if (ageS != null) {
            detail.put("age_s", ageS);
        }
        w.events().record(new Event.Alert(is ? AlertType.STALE_DATA : AlertType.STALE_DATA_CLEARED,
                is ? Severity.WARNING : Severity.INFO, null, null, detail));
    }

    private void reportClockCorrection() {
        w.clock().check().ifPresent(correction -> {
            Logger.info("system clock synchronised; it was off by {} ms", correction);
            w.events().record(new Event.ClockCorrection(correction));
        });
    }

    /** Acknowledgements wait in memory for the publisher's next write; when the gate is idle, this writes them. */
    private void flushAcknowledgements() {
        try {
            w.ledger().flush();
        } catch (LedgerException e) {
            repeats.admit("acknowledgements").ifPresent(held -> Logger.error("acknowledgements not written: {}{}",
                    e.getMessage(), held));
        }
    }

    private void purge() {
        try {
            Purge p = w.ledger().purgeExpired();
            if (p.blocked() > 0) {
                Logger.warn("retention: {} rows are past retention but not yet acknowledged by the broker; kept", p.blocked());
            }
            Logger.info("retention: {} published rows past retention deleted", p.deleted());
        } catch (LedgerException e) {
            Logger.error("retention purge failed: {}", e.getMessage());
        }
    }
}
