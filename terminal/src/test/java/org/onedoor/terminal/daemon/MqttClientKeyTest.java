package org.onedoor.terminal.daemon;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.onedoor.terminal.testing.TomlFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.config.ConfigLoader;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.testing.BrokerPki;

/** The broker client key is a secret like any other: the daemon refuses to start with one others can read. */
class MqttClientKeyTest {
    @TempDir
    Path dir;

    @Test
    void aClientKeyOthersCanReadStopsTheStartAsAConfigurationFault() throws Exception {
        BrokerPki pki = BrokerPki.issue(dir.resolve("pki"));
        TerminalConfig config = config(pki);
        Files.setPosixFilePermissions(pki.clientKey(), PosixFilePermissions.fromString("rw-r--r--"));

        StartupException refused = assertThrows(StartupException.class, () -> start(config).close());

        assertTrue(refused.isConfiguration(), "exit 78");
        assertTrue(refused.getMessage().startsWith("mqtt.client_key_file: ")
                && refused.getMessage().contains(pki.clientKey().toString())
                && refused.getMessage().contains("chmod 600"), refused.getMessage());

        Files.setPosixFilePermissions(pki.clientKey(), PosixFilePermissions.fromString("rw-------"));
        try (Daemon started = start(config)) {
            assertTrue(started.liveness().containsKey("publisher"), "started, publishing over TLS");
        }
    }

    private static Daemon start(TerminalConfig config) throws StartupException {
        return Daemon.start(config, new ConfiguredDrivers(config.gpio()), true, () -> true);
    }

    private TerminalConfig config(BrokerPki pki) throws Exception {
        Pseudonymizer.writeNewKey(dir.resolve("pseudonym.key"));
        // Nothing listens on port 1: the publisher keeps trying in the background, which is all this needs.
        Path file = TomlFixture.minimal().set("terminal.id", "t-key").set("health.url", "http://127.0.0.1:1")
                .set("mqtt.url", "ssl://127.0.0.1:1").set("mqtt.ca_file", pki.caPem())
                .set("mqtt.client_cert_file", pki.clientCert()).set("mqtt.client_key_file", pki.clientKey())
                .lane("east", "东门", "scanner.port", dir.resolve("no-scanner"), "relay.pin", 17)
                .write(dir.resolve("onedoor.toml"));
        return ConfigLoader.load(file);
    }
}
