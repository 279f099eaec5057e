package org.onedoor.terminal.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.command.SeenIds;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.risklist.SigningKeys;

class RunCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aConfigurationForANewerReleaseExitsWith78BeforeAnythingStarts() throws Exception {
        Path config = Files.writeString(dir.resolve("onedoor.toml"), "config_version = 99\n");

        assertEquals(78, Main.commandLine().execute("run", "--config", config.toString()));
    }

    /**
     * The store of seen command ids cannot open (its file is a directory): the commands service fails after the
     * outputs are up and emergency-open holds the relay. Everything started before it stops, last first, the
     * relay is let go, and the exit status is 1 with the part named.
     */
    @Test
    void aPartThatFailsToStartStopsThePartsBeforeItDrivesTheOutputsSafeAndExitsWith1() throws Exception {
        Pseudonymizer.writeNewKey(dir.resolve("pseudonym.key"));
        Files.createDirectories(dir.resolve("data").resolve(SeenIds.FILE));
        Path trace = dir.resolve("gpio.jsonl");
        String commandKey = SigningKeys.publicKeyText(KeyPairGenerator.getInstance("Ed25519").generateKeyPair()
                .getPublic());
        Path config = Files.writeString(dir.resolve("onedoor.toml"), """
                [terminal]
                id = "t-fail"
                county = "430124"
                venue_id = "fail-venue"
                data_dir = "data"
                mode = "emergency-open"
                [health]
                url = "http://127.0.0.1:9"
                [mqtt]
                url = "tcp://127.0.0.1:1"
                command_public_key = "%s"
                [gpio]
                provider = "simulated"
                trace_file = "%s"
                [privacy]
                key_file = "pseudonym.key"
                [[profile]]
                name = "staff-badge"
                pattern = '^ODB1:(?<subject>[0-9]{17}[0-9X])$'
                [[lane]]
                name = "east"
                entrance = "东门"
                scanner.port = "/dev/null"
                relay.pin = 17
                led.amber = 23
                """.formatted(commandKey, trace));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        int status;
        System.setErr(new PrintStream(err, true, UTF_8));
        try {
            status = Main.commandLine().execute("run", "--config", config.toString());
        } finally {
            System.setErr(stderr);
        }

        assertEquals(1, status);
        String said = err.toString(UTF_8);
        assertTrue(said.contains("onedoor: cannot start commands: cannot open the store of seen command ids"), said);
        List<Integer> relay = Files.readAllLines(trace).stream().map(RunCommandTest::read)
                .filter(line -> line.get("pin").asInt() == 17).map(line -> line.get("state").asInt()).toList();
        assertEquals(List.of(0, 1, 0), relay, "safe at claim, held by emergency-open, let go when the outputs stop");
        Set<String> started = Set.of("maintenance", "actuation-timers", "scanner-east", "mqtt-outbox", "heartbeat");
        Await.until("no thread of the parts started before it left", Duration.ofSeconds(10), () -> Thread
                .getAllStackTraces().keySet().stream().noneMatch(t -> t.isAlive() && started.contains(t.getName())));
    }

    private static com.fasterxml.jackson.databind.JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
