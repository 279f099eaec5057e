package org.onedoor.terminal.inputs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.onedoor.drivers.gpio.Relay;
import org.tinylog.Logger;

/**
 * Holds relays energised for as long as asked. A relay bounds every hold by its maximum on-time,
 * so the hold is renewed every {@code renewEvery}, which must be shorter than that. The bound is
 * kept on purpose: if the renewals stop (the daemon hangs or dies), the relays drop within the
 * maximum on-time. Free passage during a fire is the turnstile's own fire input's job; this hold
 * only adds to it.
 */
public final class RelayHold implements AutoCloseable {
    private final List<Relay> relays;
    private final ScheduledExecutorService timers;
    private final Duration renewEvery;
    private ScheduledFuture<?> renewal;

    /**
     * @param relays     held together; an empty list holds nothing
     * @param timers     runs the renewals
     * @param renewEvery shorter than the relays' maximum on-time
     */
    public RelayHold(List<Relay> relays, ScheduledExecutorService timers, Duration renewEvery) {
        if (!relays.isEmpty() && (renewEvery.isZero() || renewEvery.isNegative())) {
            throw new IllegalArgumentException("renewal interval must be positive: " + renewEvery);
        }
        this.relays = List.copyOf(relays);
        this.timers = timers;
        this.renewEvery = renewEvery;
    }

    /** A hold of no relay: an alarm that only alerts. */
    public static RelayHold none() {
        return new RelayHold(List.of(), null, Duration.ZERO);
    }

    public int relayCount() {
        return relays.size();
    }

    /** Energises every relay and keeps them so until {@link #stop()}; idempotent. */
    public synchronized void start() {
        if (renewal != null || relays.isEmpty()) {
            return;
        }
        holdAll();
        long periodNanos = renewEvery.toNanos();
        renewal = timers.scheduleAtFixedRate(this::holdAll, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** Releases every relay; idempotent. */
    public synchronized void stop() {
        if (renewal == null) {
            return;
        }
        renewal.cancel(false);
        renewal = null;
        relays.forEach(relay -> act(relay, Relay::release, "release"));
    }

    public synchronized boolean isHolding() {
        return renewal != null;
    }

    @Override
    public void close() {
        stop();
    }

    /** A relay already closed by a stopping daemon must not keep the others from being held. */
    private void holdAll() {
        relays.forEach(relay -> act(relay, Relay::hold, "hold"));
    }

    private static void act(Relay relay, Consumer<Relay> action, String what) {
        try {
            action.accept(relay);
        } catch (RuntimeException e) {
            Logger.warn("relay {} failed: {}", what, e.getMessage());
        }
    }
}
