package org.onedoor.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.command.Command;
import org.onedoor.terminal.command.CommandKeys;
import org.onedoor.terminal.command.CommandVerifier;
import org.onedoor.terminal.command.SeenIds;
import org.onedoor.terminal.command.SignedCommand;
import org.onedoor.terminal.command.Target;
import org.onedoor.terminal.command.Verdict;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.testing.PayloadSchemas;
import picocli.CommandLine;

/** The county's side on the command line, checked by the terminal's side: sign with the CLI, verify with the verifier. */
class CommandCliTest {
    private static final Target TERMINAL = new Target("430124", "xiangjiang-market", "t-0001");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run onedoor(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private Run sign(String... commandAndArguments) {
        String[] fixed = {"command", "sign", "--key", dir.resolve("keys/command.key").toString(), "--county", "430124",
                "--venue", "xiangjiang-market", "--terminal", "t-0001"};
        String[] args = java.util.Arrays.copyOf(fixed, fixed.length + commandAndArguments.length);
        System.arraycopy(commandAndArguments, 0, args, fixed.length, commandAndArguments.length);
        return onedoor(args);
    }

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerCanReadAndNeverOverwrites() throws Exception {
        Run run = onedoor("command", "keygen", "--out", dir.resolve("keys").toString());
        assertEquals(0, run.exit(), run.err());
        Path key = dir.resolve("keys/command.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        String pub = Files.readString(dir.resolve("keys/command.pub")).strip();
        assertTrue(run.out().contains(pub), run.out());
        CommandKeys.publicKey(pub);
        String before = Files.readString(key);

        Run again = onedoor("command", "keygen", "--out", dir.resolve("keys").toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("exists"), again.err());
        assertEquals(before, Files.readString(key));
    }

    @Test
    void whatTheCliSignsTheTerminalAccepts() throws Exception {
        assertEquals(0, onedoor("command", "keygen", "--out", dir.resolve("keys").toString()).exit());
        var key = CommandKeys.publicKey(Files.readString(dir.resolve("keys/command.pub")));
        Instant before = Instant.now().minusSeconds(1);

        Run open = sign("--ttl", "90s", "open", "lane=east", "reason=送货车辆，已人工核验");
        Run mode = sign("--ttl", "5m", "mode", "mode=emergency-open");
        Run replay = sign("replay", "from_seq=4100", "to_seq=4180");
        Run status = sign("status");
        try (SeenIds seen = SeenIds.open(dir.resolve("data"), Clock.systemUTC())) {
            var verifier = new CommandVerifier(key, TERMINAL, Clock.systemUTC(), () -> true, seen);
            SignedCommand c = accepted(verifier, "open", open);
            assertEquals(new Command.Open("east", "送货车辆，已人工核验"), c.command());
            assertEquals(Duration.ofSeconds(90), Duration.between(c.issuedAt(), c.expiresAt()));
            assertTrue(!c.issuedAt().isBefore(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            SignedCommand m = accepted(verifier, "mode", mode);
            assertEquals(new Command.SetMode(Mode.EMERGENCY_OPEN), m.command());
            assertEquals(Duration.ofMinutes(5), Duration.between(m.issuedAt(), m.expiresAt()));
            SignedCommand s = accepted(verifier, "status", status);
            assertEquals(Duration.ofSeconds(60), Duration.between(s.issuedAt(), s.expiresAt()), "the default ttl");
            assertEquals(new Command.Replay(4100, 4180), accepted(verifier, "replay", replay).command());
        }
    }

    private static SignedCommand accepted(CommandVerifier verifier, String name, Run run) {
        assertEquals(0, run.exit(), run.err());
        byte[] payload = run.out().strip().getBytes(StandardCharsets.UTF_8);
        PayloadSchemas.assertValid("command", payload);
        Verdict v = verifier.verify(name, payload, false);
        assertTrue(v.accepted(), name + ": " + v.reason());
        return ((Verdict.Accepted) v).command();
    }

    @Test
    void badInputIsAUsageErrorAndSignsNothing() {
        assertEquals(0, onedoor("command", "keygen", "--out", dir.resolve("keys").toString()).exit());
        for (String[] args : new String[][] {
                {"reboot"}, {"open", "lane=east"}, {"open", "lane=east", "reason=x", "pulse_ms=9000"},
                {"open", "lane=east", "lane=west", "reason=x"}, {"open", "lane=east/west", "reason=x"},
                {"mode", "mode=off"}, {"replay", "from_seq=10", "to_seq=9"}, {"replay", "from_seq=-1", "to_seq=9"},
                {"status", "now"}, {"--ttl", "11m", "status"}, {"--ttl", "0s", "status"}, {"--ttl", "1h", "status"}}) {
            Run run = sign(args);
            assertEquals(2, run.exit(), String.join(" ", args) + ": " + run.err());
            assertEquals("", run.out(), String.join(" ", args));
        }
        Run wrongTerminal = onedoor("command", "sign", "--key", dir.resolve("keys/command.key").toString(),
                "--county", "43012", "--venue", "v", "--terminal", "t", "status");
        assertEquals(2, wrongTerminal.exit());
    }

    @Test
    void aKeyOthersCanReadSignsNothing() throws Exception {
        assertEquals(0, onedoor("command", "keygen", "--out", dir.resolve("keys").toString()).exit());
        Path key = dir.resolve("keys/command.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));

        Run run = sign("status");

        assertEquals(1, run.exit());
        assertTrue(run.err().contains(key.toString()) && run.err().contains("chmod 600"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void anUnreadableKeyIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/command.key"), "not a key");
        Run run = sign("status");
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("cannot read the command key"), run.err());
        assertEquals("", run.out());
    }
}
