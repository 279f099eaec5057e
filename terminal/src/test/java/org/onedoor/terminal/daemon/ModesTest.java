package org.onedoor.terminal.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
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
import org.onedoor.terminal.status.CacheTtl;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.InProcessGate;
import org.onedoor.terminal.testing.LedgerEvents;

/**
 * The five modes through the real daemon: what the relay and the lamps do and what is recorded. The stand-in
 * service answers on 127.0.0.1; GPIO is simulated and every output change is captured.
 */
class ModesTest {
    private static final String RELAY_ON = "  [gpio] east relay (pin 17) ON";
    private static final String RELAY_OFF = "  [gpio] east relay (pin 17) OFF";
    private static final String GREEN = "CB:GREEN0000001";
    private static final String RED = "CB:RED000000001";

    @TempDir
    Path dir;

    private final List<String> gpio = new CopyOnWriteArrayList<>();
    private StandInHealthService service;

    @BeforeEach
    void startService() throws IOException {
        service = new StandInHealthService(0, Optional.empty());
        service.register(GREEN, HealthStatus.GREEN, "green-holder", Duration.ofHours(1));
        service.register(RED, HealthStatus.RED, "red-holder", Duration.ofHours(1));
        service.start();
    }

    @AfterEach
    void stopService() {
        service.close();
    }

    private InProcessGate gate(Mode mode) {
        return new InProcessGate().healthService(service.port()).mode(mode);
    }

    @Test
    void strictRefusesWhenNoFreshStatusCanBeHad() throws Exception {
        InProcessGate gate = gate(Mode.STRICT);
        try (Daemon daemon = gate.start(dir, gpio::add, false)) {
            service.setFailure(503);
            JsonNode entry = LedgerEvents.scan(daemon, gate, GREEN);
            assertEntry(entry, "refused", "status_unavailable", "none", "strict");
            assertFalse(gpio.contains(RELAY_ON));
            assertTrue(entry.has("status_age_s") && entry.get("status_age_s").isNull(), "no status, no age");
        }
    }

    @Test
    void lenientLetsInAStaleCachedGreenWithinItsLimit() throws Exception {
        InProcessGate gate = gate(Mode.LENIENT).health(h -> h.withCacheTtl(CacheTtl.all(Duration.ofSeconds(1))));
        try (Daemon daemon = gate.start(dir, gpio::add, false)) {
            LedgerEvents.scan(daemon, gate, GREEN);
            Instant stale = Instant.now().plusMillis(1100);
            Await.until("the cached green is past its ttl", Duration.ofSeconds(5), () -> Instant.now().isAfter(stale));
            service.setFailure(503);
            gpio.clear();

            JsonNode entry = LedgerEvents.scan(daemon, gate, GREEN);

            assertEntry(entry, "granted", "lenient_green", "none", "lenient");
            assertTrue(gpio.contains(RELAY_ON), "the gate opened");
        }
    }

    @Test
    void recordOnlyLetsARedThroughButShowsRedAndAlerts() throws Exception {
        InProcessGate gate = gate(Mode.RECORD_ONLY);
        try (Daemon daemon = gate.start(dir, gpio::add, false)) {
            JsonNode entry = LedgerEvents.scan(daemon, gate, RED);

            assertEntry(entry, "granted", "red", "online", "record-only");
            assertTrue(gpio.contains(RELAY_ON), "nothing is blocked");
            assertTrue(gpio.contains("  [gpio] east red (pin 27) ON"), "the guard sees red");
            assertFalse(gpio.contains("  [gpio] east green (pin 22) ON"));
            assertTrue(alerts(daemon).stream().anyMatch(a -> a.get("type").asText().equals("red_code")));
        }
    }

    @Test
    void lockdownRefusesEvenGreenAndSaysSo() throws Exception {
        InProcessGate gate = gate(Mode.LOCKDOWN);
        try (Daemon daemon = gate.start(dir, gpio::add, false)) {
            JsonNode entry = LedgerEvents.scan(daemon, gate, GREEN);

            assertEntry(entry, "refused", "lockdown", "online", "lockdown");
            assertFalse(gpio.contains(RELAY_ON));
            JsonNode alert = alerts(daemon).get(0);
            assertEquals("mode_changed", alert.get("type").asText());
            assertEquals("lockdown", alert.get("detail").get("mode").asText());
        }
    }

    @Test
    void emergencyOpenHoldsTheGateUntilTheModeChangesAndRecordsEveryone() throws Exception {
        InProcessGate gate = gate(Mode.EMERGENCY_OPEN);
        try (Daemon daemon = gate.start(dir, gpio::add, false)) {
            assertEquals(List.of(RELAY_ON), gpio.stream().filter(l -> l.contains("relay")).toList(), "held at start");

            JsonNode entry = LedgerEvents.scan(daemon, gate, RED);

            assertEntry(entry, "granted", "emergency_open", "online", "emergency-open");
            assertEquals(List.of(RELAY_ON), gpio.stream().filter(l -> l.contains("relay")).toList(),
                    "no pulse, no release while held");
            JsonNode alert = alerts(daemon).get(0);
            assertEquals("mode_changed", alert.get("type").asText());
            assertEquals("high", alert.get("severity").asText());

            daemon.mode().set(Mode.STRICT);
            assertEquals(RELAY_OFF, gpio.stream().filter(l -> l.contains("relay")).reduce((a, b) -> b).orElseThrow(),
                    "leaving the mode releases the gate");
        }
    }

    @Test
    void staleServiceKnowledgeLightsAmberAndRaisesAnAlertOnce() throws Exception {
        InProcessGate gate = gate(Mode.STRICT).health(h -> h.withStaleAfter(Duration.ofMillis(300)));
        service.setFailure(503);
        try (Daemon daemon = gate.start(dir, gpio::add, false)) {
            Await.until("the amber lamp shows stale data", Duration.ofSeconds(10),
                    () -> gpio.contains("  [gpio] east amber (pin 23) ON"));
            Await.until("a stale_data alert", Duration.ofSeconds(10), () -> alerts(daemon).size() == 1);
            JsonNode alert = alerts(daemon).get(0);
            assertEquals("stale_data", alert.get("type").asText());
            assertEquals("service", alert.get("detail").get("what").asText());
            assertTrue(daemon.state().staleness().service());
            assertNull(daemon.state().freshness().serviceAgeS(), "the service never answered");
        }
    }

    private static void assertEntry(JsonNode entry, String result, String reason, String source, String mode) {
        assertEquals(List.of(result, reason, source, mode), List.of(entry.get("result").asText(),
                entry.get("reason").asText(), entry.get("source").asText(), entry.get("mode").asText()), entry.toString());
    }
    private static List<JsonNode> alerts(Daemon daemon) {
        return LedgerEvents.of(daemon, "alert");
    }
}
