package org.onedoor.terminal.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.gpio.InputLine;
import org.onedoor.drivers.gpio.LineRelay;
import org.onedoor.drivers.gpio.Pull;
import org.onedoor.drivers.gpio.Relay;
import org.onedoor.drivers.gpio.SimulatedGpioBackend;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.GpioTrace;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.ledger.Durability;
import org.onedoor.terminal.ledger.Ledger;
import org.onedoor.terminal.ledger.LedgerSettings;
import org.onedoor.terminal.ledger.OutboxMessage;

/** The door-forced and fire-alarm contacts on simulated inputs, real relays and a real ledger. */
class AlarmContactTest {
    private static final Duration DEBOUNCE = Duration.ofMillis(40);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int MAX_ON_MS = 300;
    private static final int DOOR = 24;
    private static final int FIRE = 25;
    private static final int RELAY_EAST = 17;
    private static final int RELAY_WEST = 5;

    @TempDir
    Path dir;
    private Path trace;
    private SimulatedGpioBackend gpio;
    private ScheduledExecutorService timers;
    private final List<Event.Alert> alerts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        trace = dir.resolve("gpio.jsonl");
        gpio = new SimulatedGpioBackend(Optional.of(trace), null);
        timers = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() {
        gpio.close();
        timers.shutdownNow();
    }

    @Test
    void aForcedDoorAlertsWhenForcedAndWhenClosedAgain() {
        InputLine contact = gpio.input(DOOR, "door sensor", true, Pull.UP, DEBOUNCE);
        try (AlarmContact door = AlarmContact.doorForced(contact, alerts::add)) {
            assertFalse(door.isRaised());
            bounce(DOOR, false);
            Await.until("door_forced", WAIT, () -> alerts.size() == 1);
            assertTrue(door.isRaised());
            bounce(DOOR, true);
            Await.until("door_forced_cleared", WAIT, () -> alerts.size() == 2);
        }
        assertEquals(List.of(
                new Event.Alert(AlertType.DOOR_FORCED, Severity.HIGH, null, null, Map.of("input", "door sensor", "relays_held", 0)),
                new Event.Alert(AlertType.DOOR_FORCED_CLEARED, Severity.INFO, null, null,
                        Map.of("input", "door sensor", "relays_held", 0))), alerts);
    }

    @Test
    void aContactAlreadyInAlarmAtStartIsRaisedAtOnce() {
        InputLine contact = gpio.input(FIRE, "fire alarm", true, Pull.UP, Duration.ZERO);
        gpio.setLevel(FIRE, false);
        Await.until("the contact read as in alarm", WAIT, contact::isActive);
        try (AlarmContact fire = AlarmContact.fireAlarm(contact, alerts::add, RelayHold.none())) {
            assertTrue(fire.isRaised());
            assertEquals(List.of(AlertType.FIRE_ALARM), alerts.stream().map(Event.Alert::type).toList());
        }
    }

    @Test
    void theFireAlarmHoldsEveryRelayOpenBeyondTheMaximumOnTimeAndIsRecorded() throws IOException {
        Relay east = new LineRelay(gpio.output(RELAY_EAST, "east relay", true), timers, MAX_ON_MS);
        Relay west = new LineRelay(gpio.output(RELAY_WEST, "west relay", false), timers, MAX_ON_MS);
        InputLine contact = gpio.input(FIRE, "fire alarm", true, Pull.UP, DEBOUNCE);
        try (Ledger ledger = Ledger.open(dir.resolve("data"), new LedgerSettings(Durability.PROCESS_SAFE,
                Duration.ofDays(28), 0), Clock.systemUTC(), () -> true, Map.of("terminal", "t1", "venue", "v1"));
             AlarmContact fire = AlarmContact.fireAlarm(contact, ledger::append,
                     new RelayHold(List.of(east, west), timers, Duration.ofMillis(MAX_ON_MS / 3)))) {
            bounce(FIRE, false);
            Await.until("both relays held", WAIT, () -> east.isActive() && west.isActive());
            long heldSince = System.nanoTime();
            Await.until("three maximum on-times passed", WAIT,
                    () -> System.nanoTime() - heldSince > Duration.ofMillis(3L * MAX_ON_MS).toNanos());
            assertTrue(east.isActive() && west.isActive(), "still held");

            bounce(FIRE, true);
            Await.until("both relays released", WAIT, () -> !east.isActive() && !west.isActive());
            assertFalse(fire.isRaised());

            assertEquals(List.of(0, 1, 0), states(RELAY_EAST), "held without a gap, then released");
            assertEquals(List.of(0, 1, 0), states(RELAY_WEST));
            List<JsonNode> recorded = alertsIn(ledger);
            assertEquals(List.of("fire_alarm", "fire_alarm_cleared"),
                    recorded.stream().map(a -> a.get("type").asText()).toList());
            assertEquals("high", recorded.get(0).get("severity").asText());
            assertEquals(2, recorded.get(0).get("detail").get("relays_held").asInt());
        } finally {
            east.close();
            west.close();
        }
    }

    @Test
    void aFailingLedgerDoesNotKeepTheRelaysFromBeingHeld() {
        Relay east = new LineRelay(gpio.output(RELAY_EAST, "east relay", true), timers, MAX_ON_MS);
        InputLine contact = gpio.input(FIRE, "fire alarm", true, Pull.UP, DEBOUNCE);
        AlertSink failing = alert -> {
            throw new IllegalStateException("disk full");
        };
        try (AlarmContact fire = AlarmContact.fireAlarm(contact, failing,
                new RelayHold(List.of(east), timers, Duration.ofMillis(MAX_ON_MS / 3)))) {
            bounce(FIRE, false);
            Await.until("relay held", WAIT, east::isActive);
            assertTrue(fire.isRaised());
        }
        assertFalse(east.isActive(), "closing the alarm releases what it held");
        east.close();
    }

    @Test
    void withoutHoldTheFireAlarmOnlyAlerts() {
        Relay east = new LineRelay(gpio.output(RELAY_EAST, "east relay", true), timers, MAX_ON_MS);
        InputLine contact = gpio.input(FIRE, "fire alarm", true, Pull.UP, DEBOUNCE);
        try (AlarmContact fire = AlarmContact.fireAlarm(contact, alerts::add, RelayHold.none())) {
            bounce(FIRE, false);
            Await.until("fire_alarm", WAIT, () -> alerts.size() == 1);
            assertFalse(east.isActive());
            assertEquals(0, alerts.get(0).detail().get("relays_held"));
        }
        east.close();
    }

    private void bounce(int pin, boolean high) {
        for (int i = 14; i >= 0; i--) {
            gpio.setLevel(pin, (i % 2 == 0) == high);
        }
    }

    private List<Integer> states(int pin) throws IOException {
        return GpioTrace.forPin(trace, pin).stream().map(GpioTrace.Event::state).toList();
    }

    private static List<JsonNode> alertsIn(Ledger ledger) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> found = new java.util.ArrayList<>();
        for (OutboxMessage m : ledger.pending(0, 100)) {
            if (m.topicSuffix().equals("alert")) {
                found.add(json.readTree(new String(m.payload(), StandardCharsets.UTF_8)));
            }
        }
        return found;
    }
}
