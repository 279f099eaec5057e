package org.onedoor.terminal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AlertCoalescerTest {
    private static final long MINUTE = Duration.ofMinutes(1).toNanos();
    private final AtomicLong now = new AtomicLong(1_000);
    private final List<Event.Alert> sent = new ArrayList<>();
    private final AlertCoalescer coalescer = new AlertCoalescer(Duration.ofMinutes(1), now::get, sent::add);

    private static Event.Alert refused(String result) {
        return new Event.Alert(AlertType.RISKLIST_REFUSED, Severity.HIGH, null, null, Map.of("kind", "snapshot", "result", result));
    }

    @Test
    void theFirstGoesAtOnceTheRestAsOneAlertAMinuteWithTheirCount() {
        for (int i = 0; i < 4_000; i++) {
            coalescer.offer(refused(i % 2 == 0 ? "malformed" : "refused_signature"));
        }
        coalescer.flush();
        assertEquals(1, sent.size(), "one alert while the minute runs");
        assertEquals(1L, sent.get(0).detail().get("count"));
        assertEquals("malformed", sent.get(0).detail().get("result"));

        now.addAndGet(MINUTE);
        coalescer.flush();
        assertEquals(2, sent.size());
        assertEquals(3_999L, sent.get(1).detail().get("count"), "the held-back ones, counted");
        assertEquals("refused_signature", sent.get(1).detail().get("result"), "with the latest one's detail");

        now.addAndGet(MINUTE);
        coalescer.flush();
        assertEquals(2, sent.size(), "nothing held back, nothing sent");
    }

    @Test
    void typesAreCoalescedApart() {
        coalescer.offer(refused("malformed"));
        coalescer.offer(new Event.Alert(AlertType.RISKLIST_GAP, Severity.WARNING, null, null, Map.of("version", 3L)));
        coalescer.offer(refused("malformed"));
        assertEquals(List.of(AlertType.RISKLIST_REFUSED, AlertType.RISKLIST_GAP), sent.stream().map(Event.Alert::type).toList());
    }

    @Test
    void anAlertAfterTheMinuteCarriesThoseHeldBeforeIt() {
        coalescer.offer(refused("malformed"));
        coalescer.offer(refused("malformed"));
        coalescer.offer(refused("malformed"));
        now.addAndGet(MINUTE);
        coalescer.offer(refused("refused_county"));
        assertEquals(2, sent.size());
        assertEquals(3L, sent.get(1).detail().get("count"), "two held back and this one");
        coalescer.flush();
        assertEquals(2, sent.size(), "none left to flush");
    }
}
