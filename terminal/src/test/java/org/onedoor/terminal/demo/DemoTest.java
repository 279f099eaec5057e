package org.onedoor.terminal.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.ledger.OutboxMessage;

class DemoTest {
    @TempDir
    Path dir;

    @Test
    void theDemoShowsEveryOutcomeOnTheConsole() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<OutboxMessage> published = new Demo(new PrintStream(console, true, StandardCharsets.UTF_8),
                Duration.ofMillis(60)).run(dir);
        ObjectMapper json = new ObjectMapper();
        List<String> reasons = published.stream().filter(m -> m.topicSuffix().equals("entry"))
                .map(m -> read(json, m).get("reason").asText()).toList();
        assertEquals(List.of("green", "yellow", "red", "unknown_code", "unrecognised", "green", "exit", "green",
                "status_unavailable"), reasons);
        List<String> sources = published.stream().filter(m -> m.topicSuffix().equals("entry"))
                .map(m -> read(json, m).get("source").asText()).toList();
        assertEquals("cache", sources.get(7), "the staff member is let in from the cache while the service is down");
        assertEquals(3, published.stream().filter(m -> m.topicSuffix().equals("alert")).count());
        String out = console.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("[gpio] east relay (pin 17) ON"), out);
        assertTrue(out.contains("[mqtt] onedoor/v1/430124/demo-venue/t-demo/entry"), out);
    }

    private static com.fasterxml.jackson.databind.JsonNode read(ObjectMapper json, OutboxMessage m) {
        try {
            return json.readTree(m.payload());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
