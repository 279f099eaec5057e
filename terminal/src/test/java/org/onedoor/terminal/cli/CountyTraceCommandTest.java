package org.onedoor.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.county.CountyEvents;
import org.onedoor.terminal.county.ingest.EventParser;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.privacy.SecretFiles;
import picocli.CommandLine;

/** {@code onedoor county trace} and {@code gaps} as a county operator runs them, on a SQLite store. */
class CountyTraceCommandTest {
    private static final String CASE = "430124199001011234";
    private static final String CONTACT = "430124198506150026";
    private static final String STRANGER = "430124200103200033";

    @TempDir
    Path dir;

    private Path store;
    private String master;
    private String out;
    private String err;

    @BeforeEach
    void plant() throws Exception {
        assertEquals(0, run("county", "keygen", "--out", dir.resolve("keys").toString()), err);
        master = dir.resolve("keys/master.key").toString();
        byte[] key = SecretFiles.readKey(Path.of(master), 32);
        store = dir.resolve("county.db");
        try (EventStore s = EventStore.open(store.toString())) {
            long seq = 0;
            for (String[] e : new String[][] {{CASE, "10:00"}, {CONTACT, "10:10"}, {STRANGER, "12:00"}}) {
                String p = new Pseudonymizer(KeyDerivation.terminalKey(key, "430124", "t-1")).pseudonym(e[0]);
                String payload = CountyEvents.entry("t-1", "market", ++seq, 1, seq, Instant.parse("2026-11-21T" + e[1] + ":00Z"),
                        true, p);
                s.insert(List.of(new EventParser("onedoor/v1").parse("onedoor/v1/430124/market/t-1/entry",
                        payload.getBytes(StandardCharsets.UTF_8)).event().orElseThrow()), 0);
            }
        }
    }

    @Test
    void readsTheCaseFromStandardInputAndWritesAnOwnerOnlyFileThatResolvesTheContact() throws Exception {
        Path register = Files.writeString(dir.resolve("register.txt"), CONTACT + "\n" + STRANGER + "\n");
        Path report = dir.resolve("trace.json");
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream((CASE + "\n").getBytes(StandardCharsets.UTF_8)));
            assertEquals(0, run("county", "trace", "--store", store.toString(), "--master", master, "--county", "430124",
                    "--from", "2026-11-21T00:00:00Z", "--to", "2026-11-22T00:00:00Z", "--subjects", register.toString(),
                    "--format", "json", "--out", report.toString()), err);
        } finally {
            System.setIn(stdin);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(report)));
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertEquals(1, json.get("contacts").size());
        assertEquals(CONTACT, json.get("contacts").get(0).get("subject").asText());
        assertEquals(20.0, json.get("contacts").get(0).get("overlap_min").asDouble());
        assertEquals(1, json.get("resolved").asInt());
        assertTrue(err.contains("1 of 1 co-visitor pseudonyms resolved"), err);
        for (String subject : List.of(CASE, CONTACT, STRANGER)) {
            assertFalse((out + err).contains(subject), "a subject on the terminal: " + out + err);
        }
        assertEquals(1, run("county", "trace", "--store", store.toString(), "--master", master, "--county", "430124",
                "--subject-file", register.toString(), "--from", "2026-11-21T00:00:00Z", "--to", "2026-11-22T00:00:00Z"),
                "two lines are not one case");
        assertFalse(err.contains(CONTACT), err);
    }

    @Test
    void printsACsvTableFromASubjectFileAndHasNoArgumentForTheSubject() throws Exception {
        Path subject = Files.writeString(dir.resolve("case.txt"), CASE + "\n");
        assertEquals(0, run("county", "trace", "--store", store.toString(), "--master", master, "--county", "430124",
                "--subject-file", subject.toString(), "--from", "2026-11-21T00:00:00Z", "--to", "2026-11-22T00:00:00Z",
                "--format", "csv"), err);
        List<String> lines = out.lines().toList();
        assertEquals("depth,venue,entrance,terminal,pseudonym,time,estimate,overlap_min,subject", lines.get(0));
        assertEquals(2, lines.size(), out);
        assertTrue(lines.get(1).startsWith("1,market,东门,t-1,") && lines.get(1).contains(",2026-11-21T10:10:00Z,no,20.0,"),
                lines.get(1));
        assertEquals(2, run("county", "trace", "--store", store.toString(), "--master", master, "--county", "430124",
                "--from", "2026-11-21T00:00:00Z", "--to", "2026-11-22T00:00:00Z", CASE), "no subject on the command line");
    }

    @Test
    void aBrokenConfigurationNamesTheKeyAndItsLineAndExits78() throws Exception {
        Path config = Files.writeString(dir.resolve("county.toml"),
                "[county]\ncode = \"4301\"\n[broker]\nurl = \"tcp://127.0.0.1:1\"\n[gaps]\ngrace_s = 0\n");
        assertEquals(78, run("county", "collect", "--config", config.toString()));
        assertTrue(err.contains(config + ":2: county.code: must be a 6-digit county code"), err);
        assertTrue(err.contains(config + ":6: gaps.grace_s: must be a whole number"), err);
        assertEquals(78, run("county", "gaps", "--config", config.toString()));
    }

    @Test
    void gapsListsWhatTheStoreIsMissing() throws Exception {
        Path config = Files.writeString(dir.resolve("county.toml"), "[county]\ncode = \"430124\"\n[broker]\n"
                + "url = \"tcp://127.0.0.1:1\"\n[store]\npath = \"" + store + "\"\n");
        try (EventStore s = EventStore.open(store.toString())) {
            String payload = CountyEvents.entry("t-1", "market", 9, 1, 9, Instant.parse("2026-11-21T13:00:00Z"), true, "ab".repeat(32));
            s.insert(List.of(new EventParser("onedoor/v1").parse("onedoor/v1/430124/market/t-1/entry",
                    payload.getBytes(StandardCharsets.UTF_8)).event().orElseThrow()), 0);
        }
        assertEquals(0, run("county", "gaps", "--config", config.toString()), err);
        assertTrue(out.contains("430124  market  t-1  1  4  8  5  "), out);
        assertTrue(out.contains("1 open gaps"), out);
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
}
