package org.onedoor.terminal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.InProcessGate;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.MosquittoBroker.Persistence;
import org.onedoor.terminal.testing.MqttTestSubscriber;
import org.onedoor.terminal.testing.MqttTestSubscriber.Received;

/** The retained heartbeat and set of open alerts, read by an independent subscriber from a real Mosquitto. */
class StatusTopicsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void heartbeatTellsTheTruthAndOpenAlertsAreRetained() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY).start();
             StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            service.register("CB:GREEN0000001", HealthStatus.GREEN, "holder", Duration.ofHours(1));
            service.start();
            InProcessGate gate = new InProcessGate().healthService(service.port()).broker(broker.url(), 0)
                    .mode(Mode.LOCKDOWN).mqtt(m -> m.withStatusInterval(Duration.ofMillis(300)));
            try (Daemon daemon = gate.start(dir, null, true)) {
                gate.scanner().inject("CB:GREEN0000001".getBytes(StandardCharsets.UTF_8));
                String prefix = InProcessGate.topicPrefix();
                try (MqttTestSubscriber dashboard = MqttTestSubscriber.subscribe(broker.url(), prefix + "/#")) {
                    JsonNode status = awaitLatest(dashboard, prefix + "/status",
                            s -> s.get("lanes").get(0).get("outcomes").path("refused").path("lockdown").asLong() == 1);
                    assertEquals(List.of("t-1", "v-1", "lockdown", 1L), List.of(status.get("terminal").asText(),
                            status.get("venue").asText(), status.get("mode").asText(),
                            status.get("latency_us").get("count").asLong()));
                    assertEquals("east", status.get("lanes").get(0).get("lane").asText());
                    assertTrue(status.get("service").get("last_success_age_s").isNumber(), "the service answered");
                    assertTrue(status.get("boot").asLong() >= 1);
                    assertTrue(status.has("cache") && status.has("clock_synced") && status.has("outbox"));
                    dashboard.received().stream().filter(r -> r.topic().endsWith("/status"))
                            .forEach(r -> org.onedoor.terminal.testing.PayloadSchemas.assertValid("status", r.payload()));
                    dashboard.received().stream().filter(r -> r.topic().endsWith("/alert/active"))
                            .forEach(r -> org.onedoor.terminal.testing.PayloadSchemas.assertValid("alert-active", r.payload()));

                    JsonNode active = awaitLatest(dashboard, prefix + "/alert/active", a -> a.get("alerts").size() == 1);
                    assertEquals("mode_changed", active.get("alerts").get(0).get("type").asText());
                    // A subscriber already there gets later publications live (retain flag clear): whether the
                    // broker kept it shows only to one that subscribes after.
                    try (MqttTestSubscriber late = MqttTestSubscriber.subscribe(broker.url(), prefix + "/alert/active")) {
                        Received kept = awaitFirst(late);
                        assertTrue(kept.retained(), "alert/active is retained");
                        assertEquals("mode_changed", read(kept.payload()).get("alerts").get(0)
                                .get("type").asText());
                    }
                }
            }
        }
    }

    private static JsonNode awaitLatest(MqttTestSubscriber subscriber, String topic,
                                        java.util.function.Predicate<JsonNode> ready) {
        JsonNode[] latest = new JsonNode[1];
        org.onedoor.drivers.testing.Await.until(topic, DEADLINE, () -> {
            List<Received> got = subscriber.received().stream().filter(r -> r.topic().equals(topic)).toList();
            if (got.isEmpty()) {
                return false;
            }
            latest[0] = read(got.get(got.size() - 1).payload());
            return ready.test(latest[0]);
        });
        return latest[0];
    }

    private static Received awaitFirst(MqttTestSubscriber subscriber) {
        org.onedoor.drivers.testing.Await.until("a message", DEADLINE, () -> !subscriber.received().isEmpty());
        return subscriber.received().get(0);
    }

    private static JsonNode read(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
