package org.onedoor.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.risklist.Applied;
import org.onedoor.terminal.risklist.Kind;
import org.onedoor.terminal.risklist.RiskList;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.status.HealthStatus;
import picocli.CommandLine;

/** The county's commands end to end: keys, a signed snapshot and delta, a terminal that looks people up. */
class CountyCommandsTest {
    private static final String COUNTY = "430124";
    private static final String ANN = "430124199001010014";
    private static final String BOB = "430124198506150026";
    private static final String CAI = "430124200103200033";
    private static final List<String> SUBJECTS = List.of(ANN, BOB, CAI);

    @TempDir
    Path dir;

    private Path keys;
    private String out;
    private String err;

    @BeforeEach
    void makeCountyKeys() {
        keys = dir.resolve("county");
        assertEquals(0, run("county", "keygen", "--out", keys.toString()), err);
    }

    @Test
    void keysSnapshotAndDeltaWorkOnATerminal() throws IOException {
        assertEquals("rw-------", mode(keys.resolve(CountyCommand.MASTER_KEY)));
        assertEquals("rw-------", mode(keys.resolve(CountyCommand.SIGNING_KEY)));
        String publicKey = Files.readString(keys.resolve(CountyCommand.PUBLIC_KEY)).strip();
        assertTrue(out.contains(publicKey), out);

        Path riskKey = dir.resolve("risk-1.key");
        assertEquals(0, run("county", "risk-key", "--master", master(), "--county", COUNTY, "--epoch", "1",
                "--out", riskKey.toString()), err);
        Path terminalKey = dir.resolve("t-0001.key");
        assertEquals(0, run("county", "terminal-key", "--master", master(), "--county", COUNTY, "--terminal", "t-0001",
                "--out", terminalKey.toString()), err);
        assertEquals("rw-------", mode(riskKey));
        byte[] masterKey = SecretFiles.readKey(keys.resolve(CountyCommand.MASTER_KEY), 32);
        assertArrayEquals(KeyDerivation.terminalKey(masterKey, COUNTY, "t-0001"), SecretFiles.readKey(terminalKey, 32));

        Path subjects = write("subjects.txt", "# the county's list\n" + ANN + " red\n\n" + BOB + " yellow\n");
        Path snapshot = dir.resolve("snapshot.json");
        assertEquals(0, run("risklist", "snapshot", "--master", master(), "--signing-key", signingKey(), "--county", COUNTY,
                "--epoch", "1", "--version", "1", "--subjects", subjects.toString(), "--out", snapshot.toString()), err);
        assertTrue(err.contains("2 entries (1 red, 1 yellow)"), err);
        Path add = write("add.txt", BOB + " red\r\n" + CAI + " yellow\r\n");
        Path remove = write("remove.txt", ANN + "\n");
        Path delta = dir.resolve("delta.json");
        assertEquals(0, run("risklist", "delta", "--master", master(), "--signing-key", signingKey(), "--county", COUNTY,
                "--epoch", "1", "--base", "1", "--version", "2", "--add", add.toString(), "--remove", remove.toString(),
                "--out", delta.toString()), err);
        assertNoSubjectIn(Files.readString(snapshot) + Files.readString(delta) + out + err);

        RiskList list = RiskList.open(dir.resolve("terminal"), SigningKeys.publicKeyFromText(publicKey), COUNTY,
                Clock.fixed(Instant.now(), ZoneOffset.UTC));
        Pseudonymizer terminalRiskKey = Pseudonymizer.fromKeyFile(riskKey);
        assertEquals(Applied.Result.APPLIED, list.offer(Files.readAllBytes(snapshot), Kind.SNAPSHOT).result());
        assertEquals(Optional.of(HealthStatus.RED), list.lookup(terminalRiskKey.pseudonym(ANN)));
        assertEquals(Optional.of(HealthStatus.YELLOW), list.lookup(terminalRiskKey.pseudonym(BOB)));
        assertEquals(Applied.Result.APPLIED, list.offer(Files.readAllBytes(delta), Kind.DELTA).result());
        assertEquals(Optional.empty(), list.lookup(terminalRiskKey.pseudonym(ANN)));
        assertEquals(Optional.of(HealthStatus.RED), list.lookup(terminalRiskKey.pseudonym(BOB)));
        assertEquals(Optional.of(HealthStatus.YELLOW), list.lookup(terminalRiskKey.pseudonym(CAI)));
        Pseudonymizer terminalPseudonyms = Pseudonymizer.fromKeyFile(terminalKey);
        assertEquals(Optional.empty(), list.lookup(terminalPseudonyms.pseudonym(BOB)), "entries' pseudonyms are not the list's");
    }

    @Test
    void aBadLineIsNamedByNumberWithoutTheSubject() throws IOException {
        Path subjects = write("subjects.txt", ANN + " red\n" + BOB + " green\n");
        assertEquals(1, snapshot(subjects));
        assertTrue(err.contains("subjects.txt line 2: the colour must be yellow or red"), err);

        write("subjects.txt", ANN + " red\n" + ANN + " yellow\n");
        assertEquals(1, snapshot(subjects));
        assertTrue(err.contains("line 2: the same subject as line 1"), err);

        write("subjects.txt", ANN + "\n");
        assertEquals(1, snapshot(subjects));
        assertTrue(err.contains("line 1: expected SUBJECT COLOUR"), err);

        Files.write(subjects, new byte[] {'4', '3', (byte) 0xff, ' ', 'r', 'e', 'd'});
        assertEquals(1, snapshot(subjects));
        assertTrue(err.contains("line 1: not UTF-8"), err);
        assertNoSubjectIn(out + err);
    }

    @Test
    void aSubjectBothAddedAndRemovedIsRefusedNamingBothLines() throws IOException {
        Path add = write("add.txt", BOB + " red\n" + ANN + " red\n");
        Path remove = write("remove.txt", CAI + "\n" + ANN + "\n");
        assertEquals(1, run("risklist", "delta", "--master", master(), "--signing-key", signingKey(), "--county", COUNTY,
                "--epoch", "1", "--base", "1", "--version", "2", "--add", add.toString(), "--remove", remove.toString()));
        assertTrue(err.contains("add.txt line 2") && err.contains("remove.txt line 2"), err);
        assertNoSubjectIn(out + err);
    }

    @Test
    void secretsOthersCanReadAndExistingKeysAreRefused() throws IOException {
        Path masterFile = keys.resolve(CountyCommand.MASTER_KEY);
        Files.setPosixFilePermissions(masterFile, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(1, run("county", "risk-key", "--master", master(), "--county", COUNTY, "--epoch", "1",
                "--out", dir.resolve("risk.key").toString()));
        assertTrue(err.contains(masterFile.toString()) && err.contains("chmod 600"), err);
        assertFalse(Files.exists(dir.resolve("risk.key")));

        Files.setPosixFilePermissions(masterFile, PosixFilePermissions.fromString("rw-------"));
        assertEquals(1, run("county", "keygen", "--out", keys.toString()));
        assertTrue(err.contains("never overwritten"), err);
    }

    @Test
    void theRiskListCommandsTakeTheListVersionNotTheProgramVersion() {
        assertEquals(0, run("risklist", "snapshot", "--help"));
        assertTrue(out.contains("--version=<version>"), out);
    }

    private int snapshot(Path subjects) {
        return run("risklist", "snapshot", "--master", master(), "--signing-key", signingKey(), "--county", COUNTY,
                "--epoch", "1", "--version", "1", "--subjects", subjects.toString());
    }

    private int run(String... args) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(stdout, true));
        cli.setErr(new PrintWriter(stderr, true));
        int code = cli.execute(args);
        out = stdout.toString();
        err = stderr.toString();
        return code;
    }

    private String master() {
        return keys.resolve(CountyCommand.MASTER_KEY).toString();
    }

    private String signingKey() {
        return keys.resolve(CountyCommand.SIGNING_KEY).toString();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static void assertNoSubjectIn(String text) {
        for (String subject : SUBJECTS) {
            assertFalse(text.contains(subject.substring(6)), "a subject leaked: " + text);
        }
    }
}
