package org.onedoor.terminal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.onedoor.terminal.ledger.Recorded;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;

class ActiveAlertsTest {
    private static final Recorded T = new Recorded(1, "019a4f3e-7c1a-7b2e-9d4c-2f0e8a6b1c3d", "2026-11-21T08:00:00.000Z");

    private static Event.Alert alert(String type, String lane, Map<String, Object> detail) {
        return new Event.Alert(AlertType.fromWire(type).orElseThrow(), Severity.HIGH, lane, null, detail);
    }

    @Test
    void conditionsOpenAndCloseByLaneAndByWhat() {
        ActiveAlerts active = new ActiveAlerts();
        assertTrue(active.observe(alert("scanner_down", "east", Map.of("detail", "/dev/ttyUSB0")), T));
        assertTrue(active.observe(alert("scanner_down", "west", Map.of("detail", "/dev/ttyUSB1")), T));
        assertTrue(active.observe(alert("stale_data", null, Map.of("what", "service")), T));
        assertTrue(active.observe(alert("stale_data", null, Map.of("what", "risklist")), T));
        assertFalse(active.observe(alert("red_code", "east", Map.of()), T), "an event is no condition");

        assertTrue(active.observe(alert("scanner_up", "east", Map.of("detail", "/dev/ttyUSB0")), T));
        assertTrue(active.observe(alert("stale_data_cleared", null, Map.of("what", "service")), T));
        assertFalse(active.observe(alert("scanner_up", "east", Map.of()), T), "already closed");

        assertEquals(java.util.List.of("scanner_down west", "stale_data null"),
                active.snapshot().stream().map(a -> a.type() + " " + a.lane()).toList());
    }

    @Test
    void aModeOtherThanStrictStaysOpenUntilStrictAgain() {
        ActiveAlerts active = new ActiveAlerts();
        assertTrue(active.observe(alert("mode_changed", null, Map.of("mode", "lockdown")), T));
        assertEquals(1, active.snapshot().size());
        assertTrue(active.observe(alert("mode_changed", null, Map.of("mode", "strict", "previous", "lockdown")), T));
        assertTrue(active.snapshot().isEmpty());
    }
}
