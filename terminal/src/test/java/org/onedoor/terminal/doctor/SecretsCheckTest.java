package org.onedoor.terminal.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.onedoor.terminal.testing.TomlFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.config.ConfigLoader;
import org.onedoor.terminal.doctor.Finding.Verdict;
import org.onedoor.terminal.privacy.Pseudonymizer;

/** The doctor's secrets check holds every secret file the daemon reads to the daemon's rules. */
class SecretsCheckTest {
    private static final String CLIENT_KEY = "-----BEGIN PRIVATE KEY-----\nnot shown\n-----END PRIVATE KEY-----\n";

    @TempDir
    Path dir;

    @BeforeEach
    void ownerOnlySecrets() throws IOException {
        Pseudonymizer.writeNewKey(dir.resolve("pseudonym.key"));
        Pseudonymizer.writeNewKey(dir.resolve("risk-1.key"));
        secret("client.key", CLIENT_KEY);
        secret("mqtt.password", "horse battery\n");
    }

    @Test
    void everySecretOnlyItsOwnerCanReadPasses() throws Exception {
        Finding finding = check();

        assertEquals(Verdict.OK, finding.verdict(), finding.detail());
        assertEquals("pseudonym key valid, risk-list key valid, broker password readable, broker client key readable",
                finding.detail());
    }

    @Test
    void aClientKeyOrRiskListKeyOthersCanReadFails() throws Exception {
        for (String file : new String[] {"client.key", "risk-1.key"}) {
            Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-r--r--"));

            Finding finding = check();

            assertEquals(Verdict.FAIL, finding.verdict(), file);
            String key = file.equals("client.key") ? "mqtt.client_key_file" : "risklist.key_file";
            assertTrue(finding.detail().startsWith(key + ": ") && finding.detail().contains(dir.resolve(file).toString())
                    && finding.detail().contains("chmod 600"), finding.detail());
            Files.setPosixFilePermissions(dir.resolve(file), PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void aMissingClientKeyAndAnInvalidRiskListKeyFailNamingTheirKeys() throws Exception {
        Files.delete(dir.resolve("client.key"));
        Files.delete(dir.resolve("risk-1.key"));
        secret("risk-1.key", "not base64 at all\n");

        Finding finding = check();

        assertEquals(Verdict.FAIL, finding.verdict());
        assertTrue(finding.detail().contains("risklist.key_file " + dir.resolve("risk-1.key") + ": the key must be"),
                finding.detail());
        assertTrue(finding.detail().contains("mqtt.client_key_file " + dir.resolve("client.key") + ": no such file"),
                finding.detail());
        assertFalse(finding.detail().contains("not base64") || finding.detail().contains("not shown"),
                "contents are never shown");
    }

    private Finding check() throws Exception {
        String riskPublicKey = Base64.getEncoder().encodeToString(
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded());
        Path config = TomlFixture.minimal().set("health.url", "https://verify.example.gov.cn")
                .set("mqtt.url", "ssl://127.0.0.1:8883").set("mqtt.username", "t-1")
                .set("mqtt.password_file", "mqtt.password").set("mqtt.ca_file", "ca.pem")
                .set("mqtt.client_cert_file", "client.pem").set("mqtt.client_key_file", "client.key")
                .set("risklist.public_key", riskPublicKey).set("risklist.key_file", "risk-1.key")
                .write(dir.resolve("onedoor.toml"));
        return new SecretsCheck(ConfigLoader.load(config)).run();
    }

    private void secret(String name, String content) throws IOException {
        Path file = Files.createFile(dir.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }
}
