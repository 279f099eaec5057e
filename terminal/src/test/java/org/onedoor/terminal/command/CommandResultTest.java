package org.onedoor.terminal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.testing.PayloadSchemas;

class CommandResultTest {
    private static final Instant TS = Instant.parse("2026-11-21T08:15:03.512Z");

    @Test
    void anAcceptedCommandsResultSaysOkAndWhatWasDone() throws Exception {
        var verdict = new Verdict.Accepted(CommandFixture.open("r1"));
        byte[] json = CommandResult.of(verdict).withDetail("lane", "east").withDetail("seq", 4182L).toJson(TS);
        PayloadSchemas.assertValid("command-result", json);
        assertEquals("{\"request_id\":\"r1\",\"name\":\"open\",\"accepted\":true,\"reason\":\"ok\","
                + "\"ts\":\"2026-11-21T08:15:03.512Z\",\"detail\":{\"lane\":\"east\",\"seq\":4182}}",
                new String(json, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void anAcceptedCommandThatCouldNotBeCarriedOut() throws Exception {
        var verdict = new Verdict.Accepted(CommandFixture.command("r1", new Command.Replay(1, 10)));
        for (CommandResult.Failure failure : CommandResult.Failure.values()) {
            byte[] json = CommandResult.of(verdict).failed(failure).toJson(TS);
            PayloadSchemas.assertValid("command-result", json);
            JsonNode tree = CommandFixture.JSON.readTree(json);
            assertEquals(true, tree.get("accepted").booleanValue());
            assertEquals(failure.word(), tree.get("reason").textValue());
        }
    }

    @Test
    void everyRefusalMakesAValidResult() throws Exception {
        for (Refusal refusal : Refusal.values()) {
            for (String requestId : new String[] {"r1", null}) {
                byte[] json = CommandResult.of(new Verdict.Refused("open", requestId, refusal)).toJson(TS);
                PayloadSchemas.assertValid("command-result", json);
                JsonNode tree = CommandFixture.JSON.readTree(json);
                assertEquals(refusal.word(), tree.get("reason").textValue());
                assertEquals(requestId == null, tree.get("request_id").isNull());
            }
        }
        PayloadSchemas.assertValid("command-result",
                CommandResult.of(new Verdict.Refused("reboot", null, Refusal.UNKNOWN_COMMAND)).toJson(TS));
    }

    @Test
    void misuseIsCaught() {
        assertThrows(IllegalArgumentException.class,
                () -> CommandResult.of(new Verdict.Refused(null, null, Refusal.UNKNOWN_COMMAND)));
        CommandResult refused = CommandResult.of(new Verdict.Refused("open", "r1", Refusal.EXPIRED));
        assertThrows(IllegalStateException.class, () -> refused.failed(CommandResult.Failure.FAILED));
        CommandResult ok = CommandResult.of(new Verdict.Accepted(CommandFixture.open("r1")));
        assertThrows(IllegalArgumentException.class, () -> ok.withDetail("Lane", "east"));
        assertThrows(IllegalArgumentException.class, () -> ok.withDetail("lanes", java.util.List.of("east")));
        assertThrows(IllegalArgumentException.class, () -> ok.withDetail("note", "x".repeat(201)));
    }
}
