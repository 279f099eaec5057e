package org.onedoor.drivers.gpio;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A lane's lamps and buzzer, each on its own line, animated by tasks on a shared scheduler. Lamps
 * without a line are ignored, so a lane wired with only a green and a red LED runs the same code.
 * Calls after {@link #close()} are ignored: indicators are cosmetic, and a late signal racing
 * shutdown must not fail the caller.
 */
public final class LedPanel implements Indicators {
    private final Map<Lamp, LampDriver> lamps = new EnumMap<>(Lamp.class);

    public LedPanel(Map<Lamp, DigitalLine> lines, ScheduledExecutorService scheduler) {
        lines.forEach((lamp, line) -> lamps.put(lamp, new LampDriver(line, scheduler)));
    }

    @Override
    public void show(Lamp lamp, Pattern pattern) {
        LampDriver driver = lamps.get(lamp);
        if (driver != null) {
            driver.show(pattern);
        }
    }

    @Override
    public boolean isLit(Lamp lamp) {
        LampDriver driver = lamps.get(lamp);
        return driver != null && driver.isLit();
    }

    @Override
    public void close() {
        lamps.values().forEach(LampDriver::close);
    }

    /** One lamp's current pattern; a new pattern invalidates the old one's pending step. */
    private static final class LampDriver {
        private final DigitalLine line;
        private final ScheduledExecutorService scheduler;
        private ScheduledFuture<?> nextStep;
        private long generation;
        private boolean closed;

        LampDriver(DigitalLine line, ScheduledExecutorService scheduler) {
            this.line = line;
            this.scheduler = scheduler;
        }

        synchronized void show(Pattern pattern) {
            if (closed) {
                return;
            }
            requireValid(pattern);
            cancelPattern();
            switch (pattern.mode()) {
                case OFF -> line.set(false);
                case STEADY -> showSteady(pattern.forMs());
                case BLINK -> startBlink(pattern);
                default -> throw new IllegalArgumentException("unknown pattern mode " + pattern.mode());
            }
        }

        synchronized boolean isLit() {
            return line.isActive();
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            cancelPattern();
            line.set(false);
            closed = true;
            line.close();
        }

        private void showSteady(int forMs) {
            line.set(true);
            if (forMs > 0) {
                long gen = generation;
                nextStep = scheduler.schedule(() -> turnOffIfCurrent(gen), forMs, TimeUnit.MILLISECONDS);
            }
        }

        private static void requireValid(Pattern pattern) {
            if (pattern.mode() == Pattern.Mode.BLINK && (pattern.onMs() <= 0 || pattern.offMs() <= 0)) {
                throw new IllegalArgumentException("blink needs positive on and off times: " + pattern);
            }
            if (pattern.forMs() < 0) {
                throw new IllegalArgumentException("negative duration: " + pattern);
            }
        }

        private void startBlink(Pattern pattern) {
            boolean bounded = pattern.forMs() > 0;
            long endNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pattern.forMs());
            blinkStep(generation, pattern, true, bounded, endNanos);
        }

        /** Sets one phase and schedules the next; the last phase is cut short at the pattern's end. */
        private synchronized void blinkStep(long gen, Pattern pattern, boolean lit, boolean bounded, long endNanos) {
            if (closed || gen != generation) {
                return;
            }
            long now = System.nanoTime();
            long remaining = endNanos - now;
            if (bounded && remaining <= 0) {
                line.set(false);
                nextStep = null;
                return;
            }
            line.set(lit);
            long phaseNanos = TimeUnit.MILLISECONDS.toNanos(lit ? pattern.onMs() : pattern.offMs());
            long delay = bounded ? Math.min(phaseNanos, remaining) : phaseNanos;
            nextStep = scheduler.schedule(() -> blinkStep(gen, pattern, !lit, bounded, endNanos),
                    delay, TimeUnit.NANOSECONDS);
        }

        private synchronized void turnOffIfCurrent(long gen) {
            if (!closed && gen == generation) {
                nextStep = null;
                line.set(false);
            }
        }

        private void cancelPattern() {
            generation++;
            if (nextStep != null) {
                nextStep.cancel(false);
                nextStep = null;
            }
        }
    }
}
