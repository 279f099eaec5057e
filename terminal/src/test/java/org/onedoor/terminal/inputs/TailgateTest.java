package org.onedoor.terminal.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.config.TerminalConfig.Input;
import org.onedoor.terminal.config.TerminalConfig.Inputs;
import org.onedoor.terminal.config.TerminalConfig.LaneInputs;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.ledger.OutboxMessage;
import org.onedoor.terminal.report.StatusPayloads;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.InProcessGate;
import org.onedoor.terminal.testing.LedgerEvents;
import org.onedoor.terminal.testing.PayloadSchemas;

/**
 * Passages without a check (应扫码未扫码) through the real daemon: simulated GPIO levels on the passage sensor and
 * the guard button, a scan through the stand-in service, and what the ledger and the heartbeat then hold.
 */
class TailgateTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int BUTTON = 16;
    private static final int PASSAGE = 20;
    private static final String GREEN = "CB:GREEN0001";

    @TempDir
    Path dir;

    private final List<String> gpioChanges = new CopyOnWriteArrayList<>();
    private StandInHealthService service;

    @BeforeEach
    void startService() throws Exception {
        service = new StandInHealthService(0, Optional.empty());
        service.register(GREEN, HealthStatus.GREEN, "GREEN0001", Duration.ofHours(1));
        service.start();
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    @Test
    void twoGrantsThenThreePassagesLeaveOneUncheckedPassageOneAlertAndACountOfOne() throws Exception {
        InProcessGate gate = gate();
        try (Daemon daemon = gate.start(dir, gpioChanges::add, false)) {
            // Two grants by two credentials: a scanned code, then the guard's button.
            assertEquals("granted", LedgerEvents.scan(daemon, gate, GREEN).get("result").asText());
            press(gate, BUTTON, "east button", 1);
            Await.until("the button's entry", WAIT, () -> LedgerEvents.of(daemon, "entry").size() == 2);

            for (int person = 1; person <= 3; person++) {
                press(gate, PASSAGE, "east passage", person);
                int expected = person;
                Await.until("passage " + person, WAIT, () -> LedgerEvents.of(daemon, "passage").size() == expected);
            }

            List<Boolean> unchecked = LedgerEvents.of(daemon, "passage").stream()
                    .map(p -> p.path("unchecked").asBoolean(false)).toList();
            assertEquals(List.of(false, false, true), unchecked, "two grants account for two passages");
            Await.until("the tailgate alert", WAIT, () -> !tailgates(daemon).isEmpty());
            JsonNode alert = tailgates(daemon).get(0);
            assertEquals(List.of(1, "east", "东门", 1), List.of(tailgates(daemon).size(), alert.get("lane").asText(),
                    alert.get("detail").get("entrance").asText(), alert.get("detail").get("count").asInt()));
            assertEquals(1, daemon.state().lanes().get(0).uncheckedPassages());
            byte[] heartbeat = StatusPayloads.heartbeat(daemon.state(), InProcessGate.TERMINAL, InProcessGate.VENUE,
                    Instant.now());
            assertEquals(1, LedgerEvents.read(heartbeat).get("lanes").get(0).get("unchecked_passages").asInt());
            PayloadSchemas.assertValid("status", heartbeat);
            for (OutboxMessage m : daemon.ledger().range(1, Long.MAX_VALUE)) {
                if (m.topicSuffix().equals("passage") || m.topicSuffix().equals("alert")) {
                    PayloadSchemas.assertValid(m.topicSuffix(), m.payload());
                }
            }
        }
    }

    @Test
    void aGrantAllowsItsPassageOnlyWithinTheWindow() throws Exception {
        InProcessGate gate = gate().passageWindow(Duration.ofMillis(500));
        try (Daemon daemon = gate.start(dir, gpioChanges::add, false)) {
            assertEquals("granted", LedgerEvents.scan(daemon, gate, GREEN).get("result").asText());
            long granted = System.nanoTime();
            Await.until("the window has passed", WAIT, () -> System.nanoTime() - granted > 600_000_000L);

            press(gate, PASSAGE, "east passage", 1);
            Await.until("the passage", WAIT, () -> LedgerEvents.of(daemon, "passage").size() == 1);

            assertEquals(true, LedgerEvents.of(daemon, "passage").get(0).path("unchecked").asBoolean(false));
            assertEquals(1, daemon.state().lanes().get(0).uncheckedPassages());
        }
    }

    private InProcessGate gate() {
        return new InProcessGate().healthService(service.port())
                .inputs(new Inputs(Duration.ofMillis(5), Optional.empty(), Optional.empty(), false))
                .laneInputs(new LaneInputs(Optional.of(Input.of(BUTTON, true)), Optional.of(Input.of(PASSAGE, false))));
    }

    /** One activation and release of an input; {@code nth} counts this input's activations since the start. */
    private void press(InProcessGate gate, int pin, String name, int nth) {
        boolean activeLow = pin == BUTTON;
        gate.gpio().setLevel(pin, !activeLow);
        Await.until(name + " active", WAIT, () -> inputChanges(name).size() == 2 * nth - 1);
        gate.gpio().setLevel(pin, activeLow);
        Await.until(name + " at rest", WAIT, () -> inputChanges(name).size() == 2 * nth);
    }

    private List<String> inputChanges(String name) {
        return gpioChanges.stream().filter(line -> line.contains(name + " (pin ")).toList();
    }

    private static List<JsonNode> tailgates(Daemon daemon) {
        return LedgerEvents.of(daemon, "alert").stream().filter(a -> a.get("type").asText().equals("tailgate"))
                .toList();
    }
}
