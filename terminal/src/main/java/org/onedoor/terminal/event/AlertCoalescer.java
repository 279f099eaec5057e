package org.onedoor.terminal.event;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One alert per type per interval, however often it happens: the first goes out at once; those that follow
 * within the interval are held back and counted, and {@link #flush} (the maintenance loop, every few seconds)
 * sends one alert for them once the interval has passed, with the latest one's detail and {@code count}, how
 * many occurrences it stands for. A flood of junk thus costs one durable row a minute, not one per message.
 */
public final class AlertCoalescer {
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Consumer<Event.Alert> sink;
    private final Map<AlertType, Held> byType = new EnumMap<>(AlertType.class);

    private static final class Held {
        long lastSentNanos;
        long count;
        Event.Alert latest;
    }

    /**
     * @param nanoTime a monotonic clock ({@code System::nanoTime}): a wall-clock step must not open the gate to a flood
     * @param sink     where alerts go, e.g. the ledger
     */
    public AlertCoalescer(Duration interval, LongSupplier nanoTime, Consumer<Event.Alert> sink) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.sink = sink;
    }

    /** Sends the alert now if none of its type went out within the interval; holds it back otherwise. */
    public synchronized void offer(Event.Alert alert) {
        long now = nanoTime.getAsLong();
        Held held = byType.get(alert.type());
        if (held == null) {
            held = new Held();
            byType.put(alert.type(), held);
        } else if (now - held.lastSentNanos < intervalNanos) {
            held.count++;
            held.latest = alert;
            return;
        }
        held.lastSentNanos = now;
        long count = held.count + 1;
        held.count = 0;
        held.latest = null;
        sink.accept(withCount(alert, count));
    }

    /** Sends one alert per type whose held-back occurrences have waited out the interval. */
    public synchronized void flush() {
        long now = nanoTime.getAsLong();
        for (Held held : byType.values()) {
            if (held.count > 0 && now - held.lastSentNanos >= intervalNanos) {
                held.lastSentNanos = now;
                Event.Alert alert = withCount(held.latest, held.count);
                held.count = 0;
                held.latest = null;
                sink.accept(alert);
            }
        }
    }

    private static Event.Alert withCount(Event.Alert alert, long count) {
        Map<String, Object> detail = new LinkedHashMap<>(alert.detail() == null ? Map.of() : alert.detail());
        detail.put("count", count);
        return new Event.Alert(alert.type(), alert.severity(), alert.lane(), alert.subject(), detail);
    }
}
