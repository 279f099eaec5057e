package org.onedoor.terminal.homeassistant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryConfigsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void topicsHoldOnlyTheCharactersHomeAssistantAcceptsAndEachLaneReadsItsOwnPlaceInTheHeartbeat()
            throws IOException {
        List<DiscoveryConfigs.Config> configs = DiscoveryConfigs.of(new DiscoveryConfigs.Identity("430124",
                "东门 market", "t.1", "onedoor/v1/430124/x/t-1", "1.0", List.of("east", "west.2")));

        for (DiscoveryConfigs.Config c : configs) {
            assertTrue(c.topic().matches("homeassistant/(sensor|binary_sensor)/onedoor_430124____market_t_1/"
                    + "[a-zA-Z0-9_-]+/config"), c.topic());
        }
        JsonNode west = JSON.readTree(configs.stream()
                .filter(c -> c.topic().endsWith("/lane_west_2_scanner/config")).findFirst().orElseThrow().payload());
        assertEquals("{{ value_json.lanes[1].scanner.state }}", west.get("value_template").asText());
        assertEquals("onedoor_430124____market_t_1_lane_west_2_scanner", west.get("unique_id").asText());
    }
}
