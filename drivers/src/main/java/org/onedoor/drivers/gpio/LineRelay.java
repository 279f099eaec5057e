package org.onedoor.drivers.gpio;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.tinylog.Logger;

/**
 * A relay on one output line, released by a task on a shared scheduler. Every energising is bounded
 * by {@code maxOnMs}: a turnstile stuck open lets anyone through, so neither a long pulse nor a
 * forgotten {@link #hold()} may keep it energised beyond that.
 *
 * <p>A turnstile controller lets one person through per pulse. Two grants close together must
 * therefore give two pulses, not one longer one: a pulse asked for while another runs is queued, and
 * starts after the current pulse and a {@value #GAP_MS} ms gap, long enough for the controller to
 * see the input drop.
 */
public final class LineRelay implements Relay {
    static final int GAP_MS = 100;

    private final DigitalLine line;
    private final ScheduledExecutorService scheduler;
    private final int maxOnMs;
    private ScheduledFuture<?> pendingStep;
    /** Bumped by every command that takes over the line, so a stale timer task does nothing. */
    private long generation;
    /** A pulse, its trailing gap, or a hold is in progress. */
    private boolean busy;
    private int queuedPulses;
    private int queuedPulseMs;
    private boolean closed;

    public LineRelay(DigitalLine line, ScheduledExecutorService scheduler, int maxOnMs) {
        if (maxOnMs <= 0) {
            throw new IllegalArgumentException("maxOnMs must be positive: " + maxOnMs);
        }
        this.line = line;
        this.scheduler = scheduler;
        this.maxOnMs = maxOnMs;
    }

    @Override
    public synchronized void pulse(int ms) {
        requireOpen();
        if (ms <= 0) {
            throw new IllegalArgumentException("pulse must be positive: " + ms + " ms");
        }
        if (ms > maxOnMs) {
            Logger.warn("Relay {}: pulse of {} ms clamped to {} ms", line.name(), ms, maxOnMs);
        }
        int length = Math.min(ms, maxOnMs);
        if (busy) {
            queuedPulses++;
            queuedPulseMs = length;
            return;
        }
        startPulse(length);
    }

    /** Energises until {@link #release()}, but at most {@code maxOnMs}; queued pulses are dropped. */
    @Override
    public synchronized void hold() {
        requireOpen();
        takeOver();
        busy = true;
        line.set(true);
        long gen = generation;
        pendingStep = scheduler.schedule(() -> endHold(gen), maxOnMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void holdOpen() {
        requireOpen();
        takeOver();
        busy = true;
        line.set(true);
        Logger.warn("Relay {}: held open until released", line.name());
    }

    @Override
    public synchronized void release() {
        requireOpen();
        takeOver();
        line.set(false);
    }

    @Override
    public synchronized boolean isActive() {
        return line.isActive();
    }

    /** Whether a pulse, its gap, a hold or a queued pulse is still to come. */
    public synchronized boolean isBusy() {
        return busy;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        takeOver();
        line.set(false);
        closed = true;
        line.close();
    }

    private void startPulse(int ms) {
        busy = true;
        line.set(true);
        long gen = generation;
        pendingStep = scheduler.schedule(() -> endPulse(gen), ms, TimeUnit.MILLISECONDS);
    }

    private synchronized void endPulse(long gen) {
        if (closed || gen != generation) {
            return;
        }
        line.set(false);
        pendingStep = scheduler.schedule(() -> endGap(gen), GAP_MS, TimeUnit.MILLISECONDS);
    }

    private synchronized void endGap(long gen) {
        if (closed || gen != generation) {
            return;
        }
        pendingStep = null;
        busy = false;
        if (queuedPulses > 0) {
            queuedPulses--;
            startPulse(queuedPulseMs);
        }
    }

    private synchronized void endHold(long gen) {
        if (closed || gen != generation) {
            return;
        }
        pendingStep = null;
        busy = false;
        line.set(false);
        Logger.warn("Relay {}: hold released after the maximum on-time of {} ms", line.name(), maxOnMs);
    }

    /** Cancels whatever the timer would do next and forgets queued pulses. */
    private void takeOver() {
        generation++;
        busy = false;
        queuedPulses = 0;
        if (pendingStep != null) {
            pendingStep.cancel(false);
            pendingStep = null;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("relay " + line.name() + " is closed");
        }
    }
}
