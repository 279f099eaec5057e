package org.onedoor.terminal.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every example in docs/schemas/examples is valid, and the schemas of the payloads built elsewhere are strict. */
class SchemaExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES = ProjectFiles.repository("docs/schemas/examples");

    @Test
    void everyExampleIsValidAndEverySchemaHasOne() throws IOException {
        List<String> examples;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            examples = files.map(p -> p.getFileName().toString().replace(".json", "")).sorted().toList();
        }
        for (String name : examples) {
            PayloadSchemas.assertValid(name, Files.readAllBytes(EXAMPLES.resolve(name + ".json")));
        }
        PayloadSchemas.assertValid("replay", Files.readAllBytes(EXAMPLES.resolve("entry.json")));
        assertEquals(List.of("alert", "alert-active", "clock", "command", "command-result", "entry", "passage", "status"),
                examples);
    }

    @Test
    void theHeartbeatChecksWhatItLists() throws IOException {
        assertRejected("status", s -> s.put("mode", "relaxed"));
        assertRejected("status", s -> s.remove("latency_us"));
        assertRejected("status", s -> s.withArray("lanes").removeAll());
        assertRejected("status", s -> lane(s).withObject("scanner").put("state", "sleeping"));
        assertRejected("status", s -> lane(s).withObject("outcomes").withObject("granted").put("because", 1));
        assertRejected("status", s -> lane(s).withObject("outcomes").putObject("maybe"));
        assertRejected("status", s -> s.withObject("outbox").put("depth", -1));
        assertValidAfter("status", s -> s.putObject("sms").put("sent", 3)); // later releases add fields
        assertValidAfter("status", s -> s.putNull("risklist"));
    }

    @Test
    void openAlertsAndCommandsAreFrozen() throws IOException {
        assertRejected("alert-active", a -> a.put("clear", true));
        assertRejected("alert-active", a -> ((ObjectNode) a.withArray("alerts").get(0)).put("subject_name", "张三"));
        assertRejected("alert-active", a -> ((ObjectNode) a.withArray("alerts").get(0)).put("severity", "critical"));
        assertRejected("command-result", r -> r.put("reason", "done"));
        assertRejected("command-result", r -> r.put("reason", "expired")); // a refusal word on an accepted command
        assertRejected("command-result", r -> r.put("accepted", false)); // ok on a refused one
        assertRejected("command-result", r -> r.putNull("request_id")); // an accepted command has its id
        assertRejected("command-result", r -> r.put("echo", "{\"lane\":\"east\"}"));
        assertValidAfter("command-result", r -> r.put("accepted", false).put("reason", "bad_signature").putNull("request_id"));
        assertRejected("command", c -> c.put("mode", "lockdown")); // open's arguments and mode's at once
        assertRejected("command", c -> c.put("issued_at", "2026-11-21T08:15:00.000Z"));
        assertRejected("command", c -> c.put("retain", true));
        assertValidAfter("command", c -> {
            c.remove("lane");
            c.remove("reason");
            c.put("from_seq", 4100).put("to_seq", 4180);
        });
    }

    private static ObjectNode lane(ObjectNode status) {
        return (ObjectNode) status.withArray("lanes").get(0);
    }

    private static void assertRejected(String schema, Consumer<ObjectNode> change) throws IOException {
        byte[] changed = changed(schema, change);
        assertFalse(PayloadSchemas.problems(schema, changed).isEmpty(),
                () -> schema + ".json accepts " + new String(changed, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void assertValidAfter(String schema, Consumer<ObjectNode> change) throws IOException {
        PayloadSchemas.assertValid(schema, changed(schema, change));
    }

    private static byte[] changed(String schema, Consumer<ObjectNode> change) throws IOException {
        ObjectNode example = (ObjectNode) JSON.readTree(EXAMPLES.resolve(schema + ".json").toFile());
        change.accept(example);
        return JSON.writeValueAsBytes(example);
    }
}
