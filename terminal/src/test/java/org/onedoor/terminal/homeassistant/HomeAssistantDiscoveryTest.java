package org.onedoor.terminal.homeassistant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.InProcessGate;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.MosquittoBroker.Persistence;
import org.onedoor.terminal.testing.MqttTestSubscriber;
import org.onedoor.terminal.testing.MqttTestSubscriber.Received;

/**
 * Home Assistant discovery through a real Mosquitto: with {@code ha_discovery} the retained configurations describe
 * only topics the terminal really publishes and fields its real payloads really carry; without it, nothing appears
 * under {@code homeassistant/}.
 */
class HomeAssistantDiscoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String CODE = "CB:HADISCOVERY0001";
    private static final String SUBJECT = "ha-subject-7Q";
    private static final String NODE = "onedoor_430124_v-1_t-1";
    private static final String PREFIX = InProcessGate.topicPrefix();
    /** {@code value_json} followed by field names and indexes, up to the first method call or filter. */
    private static final Pattern FIELD_PATH = Pattern.compile("value_json((?:\\.[a-z_0-9]+(?![a-z_0-9(])|\\[\\d+])+)");
    private static final Pattern PATH_STEP = Pattern.compile("\\.([a-z_0-9]+)|\\[(\\d+)]");

    private static final Set<String> EXPECTED = Set.of("binary_sensor/connectivity", "sensor/mode",
            "sensor/outbox_depth", "sensor/oldest_unsent_age", "sensor/uptime", "sensor/latency_p99",
            "sensor/open_alerts", "sensor/lane_east_scanner", "sensor/lane_east_granted", "sensor/lane_east_refused");

    @TempDir
    Path dir;

    @Test
    void configurationsDescribeWhatTheTerminalReallyPublishes() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY).start();
             StandInHealthService service = new StandInHealthService(0, Optional.empty())) {
            service.register(CODE, HealthStatus.GREEN, SUBJECT, Duration.ofHours(1));
            service.start();
            InProcessGate gate = new InProcessGate().healthService(service.port()).broker(broker.url(), 0)
                    .mqtt(m -> m.withHaDiscovery(true).withStatusInterval(Duration.ofMillis(300)));
            try (Daemon daemon = gate.start(dir, null, true)) {
                gate.scanner().inject(CODE.getBytes(StandardCharsets.UTF_8));
                Await.until("connected", DEADLINE, () -> daemon.state().brokerConnected());
                try (MqttTestSubscriber all = MqttTestSubscriber.subscribe(broker.url(), "#")) {
                    Await.until("a heartbeat counting the scan", DEADLINE, () -> latest(all, PREFIX + "/status")
                            .map(s -> s.at("/lanes/0/outcomes/granted").isObject()).orElse(false));
                    // Discovery goes out at connect before the heartbeat, on the same thread: it is complete now, and
                    // a subscriber that comes later gets it all from what the broker retains.
                    List<Received> configs;
                    try (MqttTestSubscriber late = MqttTestSubscriber.subscribe(broker.url(), "homeassistant/#")) {
                        configs = late.awaitCount(EXPECTED.size(), DEADLINE);
                    }
                    Map<String, JsonNode> payloads = configs.stream()
                            .collect(Collectors.toMap(Received::topic, r -> read(r.payload()), (a, b) -> b));
                    System.out.println("HomeAssistantDiscoveryTest: " + payloads.size() + " configurations, "
                            + configs.stream().mapToInt(r -> r.payload().length).sum() + " bytes");

                    assertEquals(EXPECTED, payloads.keySet().stream().map(HomeAssistantDiscoveryTest::componentAndObject)
                                    .collect(Collectors.toSet()));
                    assertTrue(configs.stream().allMatch(Received::retained), "every configuration is retained");
                    Set<String> uniqueIds = new HashSet<>();
                    for (Map.Entry<String, JsonNode> config : payloads.entrySet()) {
                        checkConfig(config.getKey(), config.getValue(), all);
                        assertTrue(uniqueIds.add(config.getValue().get("unique_id").asText()), "unique ids");
                    }
                    for (Received r : configs) {
                        assertFalse(r.text().contains("HADISCOVERY") || r.text().contains(SUBJECT),
                                "no scanned text or subject in " + r.topic());
                    }
                }
            }
        }
    }

    @Test
    void withoutTheKeyNothingIsPublishedUnderHomeassistant() throws Exception {
        try (MosquittoBroker broker = new MosquittoBroker(Persistence.IN_MEMORY).start();
             MqttTestSubscriber all = MqttTestSubscriber.subscribe(broker.url(), "#")) {
            InProcessGate gate = new InProcessGate().broker(broker.url(), 0);
            try (Daemon daemon = gate.start(dir, null, true)) {
                // Discovery would go out at connect, before the heartbeat, on the same connection.
                Await.until("the heartbeat at connect", DEADLINE, () -> latest(all, PREFIX + "/status").isPresent());
                assertTrue(all.received().stream().noneMatch(r -> r.topic().startsWith("homeassistant/")),
                        all.received().stream().map(Received::topic).distinct().toList().toString());
            }
        }
    }

    private static void checkConfig(String topic, JsonNode config, MqttTestSubscriber all) {
        assertTrue(topic.matches("homeassistant/(sensor|binary_sensor)/" + NODE + "/[a-zA-Z0-9_-]+/config"), topic);
        JsonNode device = config.get("device");
        assertEquals(List.of(NODE), List.of(device.get("identifiers").get(0).asText()));
        assertEquals("OneDoor", device.get("manufacturer").asText());
        assertFalse(device.get("sw_version").asText().isEmpty());
        assertFalse(device.get("model").asText().isEmpty());
        String stateTopic = config.get("state_topic").asText();
        JsonNode state = latest(all, stateTopic).orElseThrow(() -> new AssertionError(
                topic + ": the terminal publishes nothing on its state_topic " + stateTopic));
        if (config.has("availability_topic")) {
            assertEquals(PREFIX + "/availability", config.get("availability_topic").asText(), topic);
            assertEquals("online", lastText(all, PREFIX + "/availability"));
        }
        if (config.has("value_template")) {
            assertFieldsExist(topic, config.get("value_template").asText(), state);
        } else {
            assertEquals(config.get("payload_on").asText(), lastText(all, stateTopic), topic);
        }
        if (config.has("json_attributes_template")) {
            JsonNode attributes = latest(all, config.get("json_attributes_topic").asText()).orElseThrow();
            assertFieldsExist(topic, config.get("json_attributes_template").asText(), attributes);
        }
    }

    /** Every {@code value_json.a.b[0].c} the template reads is in the real payload. */
    private static void assertFieldsExist(String topic, String template, JsonNode payload) {
        Matcher paths = FIELD_PATH.matcher(template);
        assertTrue(template.contains("value_json"), topic + ": " + template);
        while (paths.find()) {
            JsonNode node = payload;
            Matcher step = PATH_STEP.matcher(paths.group(1));
            while (step.find()) {
                node = step.group(1) != null ? node.get(step.group(1)) : node.get(Integer.parseInt(step.group(2)));
                assertNotNull(node, topic + ": " + paths.group() + " is not in " + payload);
            }
        }
    }

    private static String componentAndObject(String topic) {
        String[] levels = topic.split("/");
        return levels[1] + "/" + levels[3];
    }

    private static Optional<JsonNode> latest(MqttTestSubscriber s, String topic) {
        List<Received> on = s.received().stream().filter(r -> r.topic().equals(topic)).toList();
        if (on.isEmpty()) {
            return Optional.empty();
        }
        byte[] payload = on.get(on.size() - 1).payload();
        return Optional.of(topic.endsWith("/availability") ? JSON.getNodeFactory().textNode(new String(payload,
                StandardCharsets.UTF_8)) : read(payload));
    }

    private static String lastText(MqttTestSubscriber s, String topic) {
        return latest(s, topic).orElseThrow().asText();
    }

    private static JsonNode read(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
