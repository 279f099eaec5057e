package org.onedoor.drivers.gpio;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.tinylog.Logger;

/**
 * An input line fed raw electrical levels by its backend (a Pi4J listener, or a simulation), and
 * debounced by {@link Debouncer} on the backend's input thread, so real and simulated inputs behave
 * alike. At most one check is scheduled at a time, however fast the line bounces.
 */
final class DebouncedInput implements InputLine {
    /** What the backend does with a debounced change before the listener hears of it, and on close. */
    interface Hooks {
        void committed(DebouncedInput input, boolean active);

        void closed(DebouncedInput input);
    }

    private static final Listener NOBODY = active -> { };

    private final int pin;
    private final String name;
    private final boolean activeLow;
    private final Debouncer debouncer;
    private final ScheduledExecutorService scheduler;
    private final Hooks hooks;
    private volatile Listener listener = NOBODY;
    private ScheduledFuture<?> check;
    private boolean closed;

    DebouncedInput(int pin, String name, boolean activeLow, boolean initialHigh, Duration debounce,
                   ScheduledExecutorService scheduler, Hooks hooks) {
        this.pin = pin;
        this.name = name;
        this.activeLow = activeLow;
        this.debouncer = new Debouncer(initialHigh != activeLow, debounce.toNanos());
        this.scheduler = scheduler;
        this.hooks = hooks;
    }

    /** A raw electrical level, high or low, as the pin sees it now. */
    synchronized void level(boolean high) {
        if (closed) {
            return;
        }
        debouncer.raw(high != activeLow, System.nanoTime());
        if (check == null && debouncer.pending()) {
            scheduleCheck();
        }
    }

    @Override
    public int pin() {
        return pin;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized boolean isActive() {
        return debouncer.stable();
    }

    @Override
    public void listen(Listener listener) {
        this.listener = listener == null ? NOBODY : listener;
    }

    /** Drops this line's lock before the hook takes the backend's: the backend closes lines under its own. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (check != null) {
                check.cancel(false);
                check = null;
            }
        }
        hooks.closed(this);
    }

    private void scheduleCheck() {
        long delay = Math.max(0, debouncer.settlesAt() - System.nanoTime());
        check = scheduler.schedule(this::check, delay, TimeUnit.NANOSECONDS);
    }

    /** Runs on the input thread; the hooks and the listener are called without this line's lock. */
    private void check() {
        Optional<Boolean> change;
        synchronized (this) {
            check = null;
            if (closed) {
                return;
            }
            change = debouncer.settle(System.nanoTime());
            if (change.isEmpty() && debouncer.pending()) {
                scheduleCheck();
            }
        }
        change.ifPresent(this::deliver);
    }

    /** A failing hook (a trace write) must not keep the change from the listener. */
    private void deliver(boolean active) {
        try {
            hooks.committed(this, active);
        } catch (RuntimeException e) {
            Logger.error(e, "GPIO input {} (pin {}): recording the change failed", name, pin);
        }
        try {
            listener.changed(active);
        } catch (RuntimeException e) {
            Logger.error(e, "GPIO input {} (pin {}): the listener failed on the change to {}", name, pin,
                    active ? "active" : "inactive");
        }
    }
}
