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
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.signed.DccCorpus;
import org.onedoor.terminal.signed.IssuerKeys;
import org.onedoor.terminal.signed.TestCodes;
import org.onedoor.terminal.signed.TrustList;
import org.onedoor.terminal.signed.TrustListFile;

/** {@code onedoor verify} and {@code onedoor trustlist}, run as the command line runs them. */
class SignedCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<DccCorpus.Case> CASES = DccCorpus.load();
    /** A Swiss vaccination certificate of the corpus, valid at 2021-08-18T16:36:53+02:00; holder "Studer". */
    private static final DccCorpus.Case SWISS = find("CH/2DCode/raw/1.json");
    private static final DccCorpus.Case SWISS_TEST = find("CH/2DCode/raw/2.json");
    /** An Emirati test certificate, signed by another certificate, valid at 2021-10-10T18:00:00Z. */
    private static final DccCorpus.Case EMIRATI_TEST = find("AE/2DCode/raw/test.json");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        List<JsonNode> objects() throws Exception {
            List<JsonNode> objects = new java.util.ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    objects.add(JSON.readTree(line));
                }
            }
            return objects;
        }
    }

    @Test
    void aValidCodeExitsZeroWithTheStepsAndNoPersonalData() throws Exception {
        Run run = run(null, "verify", "--trust", pem(SWISS).toString(), "--at", "2021-08-18T16:36:53+02:00",
                SWISS.code());
        assertEquals(0, run.exit(), run.err());
        JsonNode o = run.objects().get(0);
        assertEquals(List.of("decoded", "signature_valid", "not_expired", "key_usage_ok", "valid", "type", "issued_at",
                "expires_at"), fieldNames(o));
        assertTrue(o.get("valid").booleanValue());
        assertEquals("v", o.get("type").textValue());
        assertFalse(run.out().contains("Studer") || run.out().contains("STUDER"), run.out());
        assertFalse(run.out().contains("dob") || run.out().contains("nam"), run.out());
    }

    @Test
    void anInvalidCodeExitsOneWithItsError() throws Exception {
        Run expired = run(null, "verify", "--trust", pem(SWISS).toString(), "--at", "2030-01-01T00:00:00Z",
                SWISS.code());
        assertEquals(1, expired.exit());
        JsonNode o = expired.objects().get(0);
        assertFalse(o.get("valid").booleanValue());
        assertFalse(o.get("not_expired").booleanValue());
        assertEquals("expired", o.get("error").textValue());

        Run garbage = run(null, "verify", "--trust", pem(SWISS).toString(), "HC1:not base45!");
        assertEquals(1, garbage.exit());
        assertEquals("base45", garbage.objects().get(0).get("error").textValue());
        assertFalse(garbage.objects().get(0).has("type"));
    }

    @Test
    void theCorpusClockSpellingsAreAccepted() throws Exception {
        for (String at : List.of("2021-08-18T14:36:53Z", "2021-08-18T16:36:53+02:00", "2021-08-18T16:36:53+0200",
                "2021-08-18T14:36:53", "2021-08-18T14:36:53.123Z", "2021-08-18T14:36:53.9906293Z",
                "2021-08-18T17:36:53.4766233+03:00", "2021-08-18T14:36:53.086+0000")) {
            Run run = run(null, "verify", "--trust", pem(SWISS).toString(), "--at", at, SWISS.code());
            assertEquals(0, run.exit(), at + ": " + run.out() + run.err());
        }
        Run bad = run(null, "verify", "--trust", pem(SWISS).toString(), "--at", "yesterday", SWISS.code());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--at"), bad.err());
    }

    @Test
    void standardInputGivesOneObjectPerCode() throws Exception {
        Path trust = base64Lines(SWISS, SWISS_TEST);
        String input = SWISS.code() + "\n\n" + SWISS_TEST.code() + "\r\n" + "HC1:" + "A".repeat(100_000) + "\n";
        Run run = run(input, "verify", "--trust", trust.toString(), "--at", "2021-08-18T16:36:53+02:00", "-");
        assertEquals(1, run.exit());
        List<JsonNode> objects = run.objects();
        assertEquals(3, objects.size(), run.out());
        assertTrue(objects.get(0).get("valid").booleanValue());
        assertEquals("t", objects.get(1).get("type").textValue());
        assertTrue(objects.get(1).get("valid").booleanValue());
        assertEquals("too_long", objects.get(2).get("error").textValue());

        Run allValid = run(SWISS.code() + "\n" + SWISS_TEST.code(), "verify", "--trust", trust.toString(), "--at",
                "2021-08-18T16:36:53+02:00", "-");
        assertEquals(0, allValid.exit());
        assertEquals(2, allValid.objects().size());
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertEquals(2, run(null, "verify", SWISS.code()).exit(), "no --trust");
        assertEquals(2, run(null, "verify", "--trust", pem(SWISS).toString()).exit(), "no code");
        Run missing = run(null, "verify", "--trust", dir.resolve("none.pem").toString(), SWISS.code());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("cannot read"), missing.err());
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate\n");
        assertEquals(2, run(null, "verify", "--trust", junk.toString(), SWISS.code()).exit());
    }

    @Test
    void trustlistKeygenAndSignMakeAListTheTerminalLoads() throws Exception {
        Path key = dir.resolve("issuer.key");
        Path pub = dir.resolve("issuer.pub");
        assertEquals(0, run(null, "trustlist", "keygen", "--key", key.toString(), "--public", pub.toString()).exit());
        assertEquals(1, run(null, "trustlist", "keygen", "--key", key.toString(), "--public",
                dir.resolve("other.pub").toString()).exit(), "an existing key is never overwritten");

        Path der = Files.write(dir.resolve("emirati.der"), EMIRATI_TEST.certificate().orElseThrow().der());
        Path list = dir.resolve("trust.json");
        Run sign = run(null, "trustlist", "sign", "--key", key.toString(), "--out", list.toString(), "--issued-at",
                "2021-08-01T00:00:00Z", "--list-version", "3", pem(SWISS).toString(), der.toString());
        assertEquals(0, sign.exit(), sign.err());
        TrustList loaded = TrustListFile.read(list, IssuerKeys.readPublic(pub));
        assertEquals(2, loaded.size());
        assertEquals(3, loaded.version());
        assertEquals(List.of("trust.json", "issuer.key", "issuer.pub", "swiss-1.pem", "emirati.der").stream()
                .sorted().toList(), Files.list(dir).map(p -> p.getFileName().toString()).sorted().toList(),
                "no temporary file left behind");

        Run verify = run(EMIRATI_TEST.code() + "\n", "verify", "--trust", list.toString(), "--at",
                "2021-10-10T18:00:00Z", "-");
        assertEquals(0, verify.exit(), verify.out() + verify.err());
    }

    @Test
    void trustlistSignRefusesAKeyOthersCanRead() throws Exception {
        Path key = dir.resolve("issuer.key");
        assertEquals(0, run(null, "trustlist", "keygen", "--key", key.toString(), "--public",
                dir.resolve("issuer.pub").toString()).exit());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-r--"));
        Path list = dir.resolve("trust.json");

        Run sign = run(null, "trustlist", "sign", "--key", key.toString(), "--out", list.toString(),
                pem(SWISS).toString());

        assertEquals(1, sign.exit(), sign.err());
        assertTrue(sign.err().contains(key.toString()) && sign.err().contains("chmod 600"), sign.err());
        assertFalse(Files.exists(list), "nothing signed");
    }

    /**
     * As {@code /usr/bin/onedoor} runs it: its own JVM with the shipped thread stack and compiler options
     * (systemd/jvm.options), where the CBOR decoder overflowed on both codes and the command died.
     */
    @Test
    void deeplyNestedCodesAreAnsweredNotCrashedOn() throws Exception {
        String nested60000 = TestCodes.nestedArrays(60_000);
        Run one = runInItsOwnJvm(null, "verify", "--trust", pem(SWISS).toString(), TestCodes.NESTED_450);
        assertEquals(1, one.objects().size(), "one answer, not a crash: " + one.err());
        assertEquals(1, one.exit(), one.err());
        assertEquals("cose", one.objects().get(0).get("error").textValue());
        Run both = runInItsOwnJvm(TestCodes.NESTED_450 + "\n" + nested60000 + "\n", "verify", "--trust",
                pem(SWISS).toString(), "-");
        assertEquals(1, both.exit(), both.err());
        assertEquals(List.of("cose", "cose"), both.objects().stream().map(o -> o.get("error").textValue()).toList());
        assertFalse(both.objects().get(1).get("decoded").booleanValue());
    }

    private Run runInItsOwnJvm(String stdin, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss256k",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dtinylog.writer.level=off",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (var in = process.getOutputStream()) {
            in.write((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("onedoor verify did not end within 60 s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Run run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
        try {
            int exit = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                    .execute(args);
            return new Run(exit, out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }

    private Path pem(DccCorpus.Case c) throws Exception {
        String name = c == SWISS ? "swiss-1.pem" : "case.pem";
        return Files.writeString(dir.resolve(name), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder().encodeToString(c.certificate().orElseThrow().der())
                + "\n-----END CERTIFICATE-----\n");
    }

    private Path base64Lines(DccCorpus.Case... cases) throws Exception {
        StringBuilder text = new StringBuilder("# one certificate per line\n");
        for (DccCorpus.Case c : cases) {
            text.append(Base64.getEncoder().encodeToString(c.certificate().orElseThrow().der())).append('\n');
        }
        return Files.writeString(dir.resolve("certificates.txt"), text);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static DccCorpus.Case find(String path) {
        return CASES.stream().filter(c -> c.path().equals(path)).findFirst().orElseThrow();
    }
}
