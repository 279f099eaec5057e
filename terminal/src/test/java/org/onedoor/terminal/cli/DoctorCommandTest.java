package org.onedoor.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.PtyPair;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.standin.StandInHealthService;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.TomlFixture;

/** {@code onedoor doctor} as a technician runs it: one line per check, and the exit status scripts rely on. */
class DoctorCommandTest {
    @TempDir
    Path dir;

    @Test
    void exitsZeroWhenNothingFailsAndOneWhenSomethingDoes() throws Exception {
        try (PtyPair port = PtyPair.open(Files.createDirectories(dir.resolve("pty")));
             MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY).start();
             StandInHealthService health = new StandInHealthService(0, Optional.empty())) {
            health.start();
            Pseudonymizer.writeNewKey(dir.resolve("pseudonym.key"));
            Path config = config(health.baseUrl().toString(), broker.url(), port.devicePath().toString());

            Run passing = doctor(config);
            broker.stop();
            Run failing = doctor(config);

            assertEquals(0, passing.exit, passing.out);
            assertEquals(1, failing.exit, failing.out);
            assertTrue(failing.out.lines().anyMatch(l -> l.matches("FAIL +broker +.*")), failing.out);
            for (Run run : List.of(passing, failing)) {
                assertEquals(10, run.out.lines().count(), "one line per check:\n" + run.out);
                assertTrue(run.out.lines().allMatch(l -> l.matches("(OK  |WARN|FAIL)  \\S.*")), run.out);
            }
        }
    }

    private record Run(int exit, String out) {
    }

    private static Run doctor(Path config) {
        StringWriter out = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        int exit = cli.execute("doctor", "--config", config.toString());
        System.out.print(out);
        return new Run(exit, out.toString());
    }

    private Path config(String healthUrl, String brokerUrl, String port) throws IOException {
        return TomlFixture.minimal().set("health.url", healthUrl).set("mqtt.url", brokerUrl)
                .lane("east", "东门", "scanner.port", port, "relay.pin", 17)
                .write(dir.resolve("onedoor.toml"));
    }
}
