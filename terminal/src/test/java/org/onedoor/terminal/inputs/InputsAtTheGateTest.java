package org.onedoor.terminal.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.config.TerminalConfig.Input;
import org.onedoor.terminal.config.TerminalConfig.Inputs;
import org.onedoor.terminal.config.TerminalConfig.LaneInputs;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.daemon.StartupException;
import org.onedoor.terminal.ledger.OutboxMessage;
import org.onedoor.terminal.testing.InProcessGate;
import org.onedoor.terminal.testing.LedgerEvents;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.MqttTestSubscriber;
import org.onedoor.terminal.testing.PayloadSchemas;

/** The inputs wired into the real daemon: simulated GPIO levels in, ledger rows, relay changes and MQTT out. */
class InputsAtTheGateTest {
    private static final Duration DEBOUNCE = Duration.ofMillis(5);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int BUTTON = 16;
    private static final int PASSAGE = 20;
    private static final int DOOR = 26;
    private static final int FIRE = 21;

    @TempDir
    Path dir;

    /** Every change of an output, as the simulated GPIO prints it: "  [gpio] east relay (pin 17) ON". */
    private final List<String> gpioChanges = new CopyOnWriteArrayList<>();

    @Test
    void theGuardButtonPulsesTheRelayAndRecordsAManualEntry() throws Exception {
        InProcessGate gate = new InProcessGate().inputs(debounceOnly())
                .laneInputs(new LaneInputs(Optional.of(Input.of(BUTTON, true)), Optional.empty()));
        try (Daemon daemon = gate.start(dir, gpioChanges::add, false)) {
            gate.gpio().setLevel(BUTTON, false);
            JsonNode entry = await(daemon, "entry");
            gate.gpio().setLevel(BUTTON, true);

            assertEquals(List.of("east", "granted", "manual_open", "manual", "unknown"), List.of(
                    entry.get("lane").asText(), entry.get("result").asText(), entry.get("reason").asText(),
                    entry.get("source").asText(), entry.get("status").asText()));
            assertFalse(entry.has("subject"), "nobody is known");
            Await.until("the relay pulsed: on, then off", WAIT,
                    () -> relayChanges().equals(List.of("ON", "OFF")));
            assertValid(daemon, "entry");
        }
    }

    @Test
    void eachActivationOfThePassageSensorIsRecordedAsAPassage() throws Exception {
        InProcessGate gate = new InProcessGate().inputs(debounceOnly())
                .laneInputs(new LaneInputs(Optional.empty(), Optional.of(Input.of(PASSAGE, false))));
        try (Daemon daemon = gate.start(dir, gpioChanges::add, false)) {
            for (int person = 1; person <= 2; person++) {
                gate.gpio().setLevel(PASSAGE, true);
                int expected = person;
                Await.until("passage " + person, WAIT, () -> LedgerEvents.of(daemon, "passage").size() == expected);
                gate.gpio().setLevel(PASSAGE, false);
                Await.until("the sensor at rest", WAIT, () -> inputChanges("east passage").size() == 2 * expected);
            }

            JsonNode passage = LedgerEvents.of(daemon, "passage").get(0);
            assertEquals(List.of("east", "东门", "entry"), List.of(passage.get("lane").asText(),
                    passage.get("entrance").asText(), passage.get("direction").asText()));
            assertEquals(List.of(), LedgerEvents.of(daemon, "entry"), "a passage is no entry: nobody was decided on");
            assertEquals(List.of(), relayChanges(), "a passage opens nothing");
            assertValid(daemon, "passage");
        }
    }

    @Test
    void aForcedDoorIsRaisedAndClearedInTheLedgerAndInTheOpenAlerts() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY).start()) {
            InProcessGate gate = new InProcessGate().broker(broker.url(), 0)
                    .inputs(new Inputs(DEBOUNCE, Optional.of(Input.of(DOOR, true)), Optional.empty(), false));
            String activeTopic = InProcessGate.topicPrefix() + "/alert/active";
            try (Daemon daemon = gate.start(dir, gpioChanges::add, true);
                 MqttTestSubscriber dashboard = MqttTestSubscriber.subscribe(broker.url(), activeTopic)) {
                gate.gpio().setLevel(DOOR, false);
                JsonNode raised = await(daemon, "alert");
                assertEquals(List.of("door_forced", "high", "door forced", "0"), List.of(raised.get("type").asText(),
                        raised.get("severity").asText(), raised.get("detail").get("input").asText(),
                        raised.get("detail").get("relays_held").asText()));
                Await.until("door_forced in alert/active", WAIT, () -> latestOpenAlerts(dashboard).equals("door_forced"));

                gate.gpio().setLevel(DOOR, true);
                Await.until("door_forced cleared", WAIT, () -> LedgerEvents.of(daemon, "alert").size() == 2);
                assertEquals("door_forced_cleared", LedgerEvents.of(daemon, "alert").get(1).get("type").asText());
                Await.until("alert/active clear again", WAIT, () -> latestOpenAlerts(dashboard).isEmpty());
                assertValid(daemon, "alert");
            }
        }
    }

    @Test
    void theFireAlarmHoldsTheRelayForAsLongAsItLasts() throws Exception {
        InProcessGate gate = new InProcessGate()
                .inputs(new Inputs(DEBOUNCE, Optional.empty(), Optional.of(Input.of(FIRE, true)), true));
        try (Daemon daemon = gate.start(dir, gpioChanges::add, false)) {
            gate.gpio().setLevel(FIRE, false);
            JsonNode raised = await(daemon, "alert");
            assertEquals(List.of("fire_alarm", "1"), List.of(raised.get("type").asText(),
                    raised.get("detail").get("relays_held").asText()));
            Await.until("the relay energised", WAIT, () -> relayChanges().equals(List.of("ON")));
            long since = System.nanoTime();
            Await.until("five pulse lengths held", WAIT, () -> {
                assertEquals(List.of("ON"), relayChanges(), "held, not pulsed");
                return System.nanoTime() - since > Duration.ofMillis(5 * 300).toNanos();
            });

            gate.gpio().setLevel(FIRE, true);
            Await.until("the relay released", WAIT, () -> relayChanges().equals(List.of("ON", "OFF")));
            Await.until("fire_alarm cleared", WAIT, () -> LedgerEvents.of(daemon, "alert").size() == 2);
            assertEquals("fire_alarm_cleared", LedgerEvents.of(daemon, "alert").get(1).get("type").asText());
        }
    }

    @Test
    void anInputTheBackendCannotClaimStopsTheStartAndDrivesTheOutputsSafe() {
        // Pin 17 is the relay's: the configuration check would refuse this, the backend must too.
        InProcessGate gate = new InProcessGate().inputs(debounceOnly())
                .laneInputs(new LaneInputs(Optional.of(Input.of(17, true)), Optional.empty()));

        StartupException e = assertThrows(StartupException.class, () -> gate.start(dir, gpioChanges::add, false));

        assertFalse(e.isConfiguration());
        assertTrue(e.getMessage().startsWith("GPIO input east button (pin 17): "), e.getMessage());
        assertThrows(IllegalStateException.class, () -> gate.gpio().output(17, "probe", false),
                "the backend was closed, every output with it");
    }

    private static Inputs debounceOnly() {
        return new Inputs(DEBOUNCE, Optional.empty(), Optional.empty(), false);
    }

    private static JsonNode await(Daemon daemon, String kind) {
        Await.until("a recorded " + kind, WAIT, () -> !LedgerEvents.of(daemon, kind).isEmpty());
        return LedgerEvents.of(daemon, kind).get(0);
    }

    /** ON and OFF of lane east's relay since the start, its initial state left out. */
    private List<String> relayChanges() {
        return gpioChanges.stream().filter(line -> line.contains("east relay (pin 17)"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList();
    }

    private List<String> inputChanges(String name) {
        return gpioChanges.stream().filter(line -> line.contains(name + " (pin ")).toList();
    }

    /** The types in the latest retained alert/active, joined by commas; empty when all is clear. */
    private static String latestOpenAlerts(MqttTestSubscriber dashboard) {
        var received = dashboard.received();
        if (received.isEmpty()) {
            return "?";
        }
        JsonNode alerts = LedgerEvents.read(received.get(received.size() - 1).payload()).get("alerts");
        return String.join(",", alerts.findValuesAsText("type"));
    }

    private static void assertValid(Daemon daemon, String kind) {
        for (OutboxMessage m : daemon.ledger().range(1, Long.MAX_VALUE)) {
            if (m.topicSuffix().equals(kind)) {
                PayloadSchemas.assertValid(kind, m.payload());
                PayloadSchemas.assertValid("replay", m.payload());
            }
        }
    }
}
