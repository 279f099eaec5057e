package org.onedoor.terminal.risklist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.status.HealthStatus;

/** The worked example of docs/risklist.md, block by block: the document and the code must agree. */
class RiskListDocExampleTest {
    private static final Path DOC = Path.of("..", "docs", "risklist.md");
    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\S+) -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    private static final Instant SNAPSHOT_TIME = Instant.parse("2024-05-01T08:00:00Z");
    private static final Instant DELTA_TIME = Instant.parse("2024-05-01T09:00:00Z");

    private static Map<String, String> examples;

    @TempDir
    Path dir;

    @BeforeAll
    static void readTheDocument() throws IOException {
        examples = new HashMap<>();
        Matcher m = EXAMPLE.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        while (m.find()) {
            examples.put(m.group(1), m.group(2));
        }
    }

    @Test
    void theRiskKeyIsDerivedFromTheMasterKey() {
        byte[] master = Base64.getDecoder().decode(example("master-key").strip());
        for (int i = 0; i < 32; i++) {
            assertEquals(i, master[i]);
        }
        assertEquals(example("risk-key-hex").strip(), HexFormat.of().formatHex(KeyDerivation.riskListKey(master, "430124", 1)));
    }

    @Test
    void theSnapshotIsSignedAndWrittenAsShown() throws Exception {
        RiskListSigner signer = new RiskListSigner(signingKey(), "430124", 1);
        Path subjects = Files.writeString(dir.resolve("subjects.txt"), example("subjects"));
        byte[] json = signer.snapshot(7, SNAPSHOT_TIME, SubjectFile.readColoured(subjects, riskKey()).colours());
        assertEquals(example("snapshot-json").strip(), new String(json, StandardCharsets.US_ASCII));

        SignedMessage read = MessageCodec.parse(json, 10);
        byte[] signed = CanonicalBytes.of(read.message());
        assertEquals(example("snapshot-signed-text"), new String(signed, StandardCharsets.US_ASCII));
        assertArrayEquals(HexFormat.of().parseHex(example("snapshot-signed-hex").replaceAll("\\s", "")), signed);
        assertEquals(276, signed.length, "the length the text gives");
        assertTrue(read.verifiedBy(publicKey()));
    }

    @Test
    void theDeltaIsSignedAndWrittenAsShownAndBothApply() throws Exception {
        Pseudonymizer r = riskKey();
        TreeMap<String, HealthStatus> changed = new TreeMap<>(Map.of(
                r.pseudonym("430124198506150026"), HealthStatus.RED, r.pseudonym("430124200103200033"), HealthStatus.RED));
        TreeSet<String> removed = new TreeSet<>(java.util.Set.of(r.pseudonym("430124199001010014")));
        byte[] json = new RiskListSigner(signingKey(), "430124", 1).delta(7, 8, DELTA_TIME, changed, removed);
        assertEquals(example("delta-json").strip(), new String(json, StandardCharsets.US_ASCII));
        assertEquals(example("delta-signed-text"),
                new String(CanonicalBytes.of(MessageCodec.parse(json, 10).message()), StandardCharsets.US_ASCII));

        RiskList list = RiskList.open(dir.resolve("list"), publicKey(), "430124", Clock.fixed(DELTA_TIME, ZoneOffset.UTC));
        byte[] snapshot = example("snapshot-json").strip().getBytes(StandardCharsets.US_ASCII);
        assertEquals(Applied.Result.APPLIED, list.offer(snapshot, Kind.SNAPSHOT).result());
        assertEquals(Applied.Result.APPLIED, list.offer(json, Kind.DELTA).result());
        assertEquals(java.util.Optional.of(HealthStatus.RED), list.lookup(r.pseudonym("430124200103200033")));
    }

    private static String example(String name) {
        String text = examples.get(name);
        assertTrue(text != null, "docs/risklist.md has no example block named " + name);
        return text;
    }

    private Pseudonymizer riskKey() {
        byte[] master = Base64.getDecoder().decode(example("master-key").strip());
        return new Pseudonymizer(KeyDerivation.riskListKey(master, "430124", 1));
    }

    private PrivateKey signingKey() throws IOException {
        return SigningKeys.readPrivateKey(Files.writeString(dir.resolve("signing.pem"), example("signing-key")));
    }

    private static PublicKey publicKey() {
        return SigningKeys.publicKeyFromText(example("public-key"));
    }
}
