package org.onedoor.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.testing.TomlFixture;

/** The terminal's side of enrollment on the command line: the device key, and what a broken [venue] does. */
class EnrollCommandTest {
    private static final String COUNTY_KEY = SigningKeys.publicKeyText(SigningKeys.generate().getPublic());

    @TempDir
    Path dir;

    @Test
    void theDeviceKeyIsOwnerOnlyAndNeverOverwritten() throws Exception {
        Path key = dir.resolve("device.key");
        assertEquals(0, Main.commandLine().execute("keygen", "--device", key.toString()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        String pub = Files.readString(dir.resolve("device.pub"));
        assertTrue(SigningKeys.publicKeyFromText(pub.strip()) != null);

        assertEquals(1, Main.commandLine().execute("keygen", "--device", key.toString()));
        assertEquals(pub, Files.readString(dir.resolve("device.pub")), "the key the county binds is kept");
    }

    @Test
    void aBrokenVenueExits78BeforeAnythingRuns() {
        Path file = TomlFixture.minimal().venue("湘江农贸市场", COUNTY_KEY).set("venue.admin_mobile", "123")
                .write(dir.resolve("onedoor.toml"));
        assertEquals(78, Main.commandLine().execute("enroll", "--config", file.toString()));
        assertEquals(78, Main.commandLine().execute("poster", "--config", file.toString(), "--out", dir.toString()));
        assertFalse(Files.exists(dir.resolve("data")), "nothing was started");
    }

    @Test
    void withoutADeviceKeyEnrollSaysHowToMakeOne() {
        Path file = TomlFixture.minimal().venue("湘江农贸市场", COUNTY_KEY).write(dir.resolve("onedoor.toml"));
        assertEquals(78, Main.commandLine().execute("enroll", "--config", file.toString()));
    }

    @Test
    void withoutAnApprovalNoPosterIsPrinted() {
        assertEquals(0, Main.commandLine().execute("keygen", "--device", dir.resolve("device.key").toString()));
        Path file = TomlFixture.minimal().venue("湘江农贸市场", COUNTY_KEY).write(dir.resolve("onedoor.toml"));
        assertEquals(1, Main.commandLine().execute("poster", "--config", file.toString(), "--out", dir.toString()));
        assertFalse(Files.exists(dir.resolve("poster-1.png")));
    }
}
