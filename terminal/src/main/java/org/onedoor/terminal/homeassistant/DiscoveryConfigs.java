package org.onedoor.terminal.homeassistant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.onedoor.terminal.decision.Mode;

/**
 * Home Assistant's MQTT discovery configurations for one terminal (docs/mqtt.md, "Home Assistant"): one device, and
 * entities that read the topics the terminal already publishes — {@code availability}, the {@code status} heartbeat,
 * {@code alert/active}. Nothing here is a new message of the terminal's own: Home Assistant picks fields out of the
 * existing payloads with its templates, so a dashboard and Home Assistant always see the same numbers.
 *
 * <p>Only identifiers the venue configured go into a configuration (county, venue, terminal, lane names, version):
 * never anything a scan carried.
 */
public final class DiscoveryConfigs {
    /** Home Assistant's default discovery prefix. */
    public static final String PREFIX = "homeassistant";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ONLINE = "online";
    private static final String OFFLINE = "offline";

    /**
     * Who the terminal is, as its configuration says.
     *
     * @param topicPrefix {@code {topic_root}/{county}/{venue}/{terminal}}
     * @param lanes       lane names in configuration order, which is the order of the heartbeat's {@code lanes}
     */
    public record Identity(String county, String venue, String terminal, String topicPrefix, String version,
                           List<String> lanes) {
        public Identity {
            Objects.requireNonNull(topicPrefix, "topicPrefix");
            lanes = List.copyOf(lanes);
        }
    }

    /** One retained configuration message. */
    public record Config(String topic, byte[] payload) {
    }

    private final Identity id;
    private final String nodeId;

    private DiscoveryConfigs(Identity id) {
        this.id = id;
        this.nodeId = sanitise("onedoor_" + id.county() + "_" + id.venue() + "_" + id.terminal());
    }

    /** Every configuration for {@code id}, in a fixed order. */
    public static List<Config> of(Identity id) {
        return new DiscoveryConfigs(id).all();
    }

    /** Home Assistant accepts only these characters in a node id or object id. */
    static String sanitise(String s) {
        return s.replaceAll("[^a-zA-Z0-9_-]", "_");
    }

    private List<Config> all() {
        List<Config> configs = new ArrayList<>();
        configs.add(connectivity());
        ObjectNode mode = statusSensor("mode", "Mode", "{{ value_json.mode }}").put("device_class", "enum");
        mode.set("options", JSON.valueToTree(modes()));
        configs.add(config("sensor", "mode", mode));
        configs.add(config("sensor", "outbox_depth", statusSensor("outbox_depth", "Unsent events",
                "{{ value_json.outbox.depth }}").put("state_class", "measurement").put("unit_of_measurement", "events")));
        // A null age (nothing unsent) renders as "None", which Home Assistant shows as unknown.
        configs.add(config("sensor", "oldest_unsent_age", statusSensor("oldest_unsent_age", "Oldest unsent event age",
                "{{ value_json.outbox.oldest_unsent_age_s }}").put("device_class", "duration")
                .put("state_class", "measurement").put("unit_of_measurement", "s")));
        configs.add(config("sensor", "uptime", statusSensor("uptime", "Uptime", "{{ value_json.uptime_s }}")
                .put("device_class", "duration").put("unit_of_measurement", "s").put("entity_category", "diagnostic")));
        configs.add(config("sensor", "latency_p99", statusSensor("latency_p99", "Decision latency p99",
                "{{ value_json.latency_us.p99 }}").put("state_class", "measurement").put("unit_of_measurement", "µs")
                .put("entity_category", "diagnostic")));
        configs.add(config("sensor", "open_alerts", openAlerts()));
        for (int i = 0; i < id.lanes().size(); i++) {
            configs.addAll(lane(i, id.lanes().get(i)));
        }
        return List.copyOf(configs);
    }

    private Config connectivity() {
        // No availability of its own: it IS the availability, and must show "disconnected", not "unavailable".
        ObjectNode o = entity("connectivity", "Broker connection");
        o.put("state_topic", id.topicPrefix() + "/availability");
        o.put("payload_on", ONLINE);
        o.put("payload_off", OFFLINE);
        o.put("device_class", "connectivity");
        o.put("entity_category", "diagnostic");
        return config("binary_sensor", "connectivity", o);
    }

    private ObjectNode openAlerts() {
        ObjectNode o = available(entity("open_alerts", "Open alerts"));
        o.put("state_topic", id.topicPrefix() + "/alert/active");
        o.put("value_template", "{{ value_json.alerts | length }}");
        o.put("state_class", "measurement");
        o.put("json_attributes_topic", id.topicPrefix() + "/alert/active");
        o.put("json_attributes_template", "{{ {'types': value_json.alerts | map(attribute='type') | list} | tojson }}");
        return o;
    }

    /** The heartbeat's {@code lanes} array is in configuration order, so index {@code i} is this lane. */
    private List<Config> lane(int i, String name) {
        String object = "lane_" + sanitise(name);
        String lane = "value_json.lanes[" + i + "]";
        ObjectNode scanner = statusSensor(object + "_scanner", "Lane " + name + " scanner",
                "{{ " + lane + ".scanner.state }}").put("device_class", "enum");
        scanner.set("options", JSON.valueToTree(List.of("up", "down")));
        return List.of(config("sensor", object + "_scanner", scanner),
                config("sensor", object + "_granted", outcomes(object + "_granted", "Lane " + name + " granted", lane,
                        "granted")),
                config("sensor", object + "_refused", outcomes(object + "_refused", "Lane " + name + " refused", lane,
                        "refused")));
    }

    /** Decisions since the daemon started, summed over reasons; a restart starts again from 0. */
    private ObjectNode outcomes(String object, String name, String lane, String result) {
        return statusSensor(object, name, "{{ " + lane + ".outcomes.get('" + result + "', {}).values() | sum }}")
                .put("state_class", "total_increasing").put("unit_of_measurement", "entries");
    }

    private ObjectNode statusSensor(String object, String name, String template) {
        ObjectNode o = available(entity(object, name));
        o.put("state_topic", id.topicPrefix() + "/status");
        o.put("value_template", template);
        return o;
    }

    private ObjectNode entity(String object, String name) {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", name);
        o.put("unique_id", nodeId + "_" + object);
        o.put("qos", 1);
        ObjectNode device = o.putObject("device");
        device.putArray("identifiers").add(nodeId);
        device.put("name", "OneDoor " + id.venue() + " " + id.terminal());
        device.put("manufacturer", "OneDoor");
        device.put("model", "gate terminal");
        device.put("sw_version", id.version());
        ObjectNode origin = o.putObject("origin");
        origin.put("name", "OneDoor");
        origin.put("sw_version", id.version());
        return o;
    }

    private ObjectNode available(ObjectNode o) {
        o.put("availability_topic", id.topicPrefix() + "/availability");
        o.put("payload_available", ONLINE);
        o.put("payload_not_available", OFFLINE);
        return o;
    }

    private Config config(String component, String object, ObjectNode payload) {
        try {
            return new Config(PREFIX + "/" + component + "/" + nodeId + "/" + sanitise(object) + "/config",
                    JSON.writeValueAsBytes(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a discovery configuration cannot be serialised", e);
        }
    }

    private static List<String> modes() {
        return Arrays.stream(Mode.values()).map(Mode::wireName).toList();
    }
}
