package org.onedoor.terminal.mqtt;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.event.EventSink;

/**
 * {@code mqtt_oversize}: a message above its topic's limit was discarded. Anyone who may publish can send them,
 * and a retained one comes back at every connect: one alert per ten minutes for all topics, with how many since.
 */
public final class OversizeAlerts {
    private final EventSink events;
    private final RepeatLimiter limit = new RepeatLimiter(Duration.ofMinutes(10));
    private final AtomicLong sinceAlert = new AtomicLong();

    public OversizeAlerts(EventSink events) {
        this.events = events;
    }

    /** @param subscription which topic it came on, e.g. {@code cmd} or {@code risklist/delta} */
    public void discarded(String subscription, long bytes) {
        long count = sinceAlert.incrementAndGet();
        if (limit.admit("mqtt_oversize").isPresent()) {
            sinceAlert.set(0);
            events.record(new Event.Alert(AlertType.MQTT_OVERSIZE, Severity.WARNING, null, null,
                    Map.of("subscription", subscription, "bytes", bytes, "count", count)));
        }
    }
}
