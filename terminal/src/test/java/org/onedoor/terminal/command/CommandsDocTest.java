package org.onedoor.terminal.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.testing.ProjectFiles;
import org.onedoor.terminal.testing.SettableClock;

/** The worked example in docs/commands.md is what the code signs and verifies, byte for byte. */
class CommandsDocTest {
    /** RFC 8032, section 7.1, TEST 1: a published key, so anyone can check the example; never a real one. */
    private static final String SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    static final SignedCommand EXAMPLE = new SignedCommand(new Target("430124", "xiangjiang-market", "t-0001"),
            "0f8e9c1a-5b7d-4e2f-9a61-3c8d2b7e4f10", Instant.parse("2026-11-21T08:15:00Z"),
            Instant.parse("2026-11-21T08:16:00Z"), new Command.Open("east", "送货车辆"));

    @TempDir
    Path dataDir;

    @Test
    void theDocumentedBytesSignatureAndPayloadAreTheCodes() throws Exception {
        String doc = Files.readString(ProjectFiles.repository("docs/commands.md"), StandardCharsets.UTF_8);
        String example = doc.substring(doc.indexOf("## Worked example"));
        byte[] canonical = CanonicalForm.of(EXAMPLE);

        assertEquals(hexDump(canonical), block(example, "hex"), "the canonical bytes in hex");
        assertEquals(new String(canonical, StandardCharsets.UTF_8), block(example, "text"), "the canonical text");
        CommandSigner signer = new CommandSigner(privateKey(), java.time.Clock.systemUTC());
        String payload = new String(signer.sign(EXAMPLE), StandardCharsets.UTF_8);
        assertEquals(payload + "\n", block(example, "json"), "the payload");
        assertEquals(Base64.getEncoder().encodeToString(publicKey().getEncoded()),
                between(example, "`[commands] public_key = \"", "\"`"), "the public key as configured");

        JsonNode published = CommandFixture.JSON.readTree(block(example, "json"));
        try (SeenIds seen = SeenIds.open(dataDir, new SettableClock(EXAMPLE.issuedAt()))) {
            var verifier = new CommandVerifier(publicKey(), EXAMPLE.target(),
                    new SettableClock(EXAMPLE.issuedAt().plusSeconds(5)), () -> true, seen);
            assertEquals(new Verdict.Accepted(EXAMPLE),
                    verifier.verify("open", CommandFixture.JSON.writeValueAsBytes(published), false));
        }
    }

    /** 16 bytes a line, lower-case pairs separated by spaces: as {@code xxd -p} would not, but readable. */
    static String hexDump(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        HexFormat hex = HexFormat.ofDelimiter(" ");
        for (int i = 0; i < bytes.length; i += 16) {
            s.append(hex.formatHex(bytes, i, Math.min(bytes.length, i + 16))).append('\n');
        }
        return s.toString();
    }

    private static String block(String markdown, String language) {
        Matcher m = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        if (!m.find()) {
            throw new AssertionError("no ```" + language + " block in the worked example");
        }
        return m.group(1);
    }

    private static String between(String s, String before, String after) {
        int start = s.indexOf(before);
        if (start < 0) {
            throw new AssertionError("no " + before + " in the worked example");
        }
        start += before.length();
        return s.substring(start, s.indexOf(after, start));
    }

    static PrivateKey privateKey() throws Exception {
        byte[] der = HexFormat.of().parseHex("302e020100300506032b657004220420" + SEED);
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    static PublicKey publicKey() throws Exception {
        byte[] der = HexFormat.of().parseHex("302a300506032b6570032100" + PUBLIC);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    }
}
