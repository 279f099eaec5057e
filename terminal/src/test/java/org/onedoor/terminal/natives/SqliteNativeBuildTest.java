package org.onedoor.terminal.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which sqlite-jdbc build a terminal loads, from what {@code uname -m} and the JVM say, and that the
 * build chosen is in the jar the package ships.
 */
class SqliteNativeBuildTest {
    @ParameterizedTest(name = "os.arch {0}, uname -m {1}, hard-float {2} -> {3}")
    @CsvSource(nullValues = "sqlite's own", value = {
            // A 32-bit Raspberry Pi OS (armhf) on a 64-bit kernel that reports the compat machine.
            "arm, armv8l, true, armv7",
            // sqlite-jdbc maps these itself, correctly.
            "arm, armv7l, true, sqlite's own",
            "arm, armv6l, true, sqlite's own",
            "arm, aarch64, true, sqlite's own",
            // uname could not be run: an armhf JVM still needs the hard-float build.
            "arm, unknown, true, armv7",
            // A soft-float (armel) userland: sqlite's Linux/arm build is the right one.
            "arm, armv8l, false, sqlite's own",
            // 64-bit and x86 JVMs are not touched.
            "aarch64, aarch64, false, sqlite's own",
            "amd64, x86_64, false, sqlite's own"})
    void choosesTheHardFloatArmv7BuildWhereSqliteWouldLoadItsSoftFloatOne(String osArch, String machine,
            boolean hardFloat, String expected) {
        assertEquals(Optional.ofNullable(expected), SqliteNativeBuild.choice(osArch, machine, hardFloat));
    }

    @Test
    void theChosenBuildIsInTheJar() {
        String resource = "/org/sqlite/native/Linux/" + SqliteNativeBuild.ARMV7 + "/libsqlitejdbc.so";

        assertNotNull(SqliteNativeBuild.class.getResource(resource), resource);
    }

    /** The override is sqlite-jdbc's own: it names the folder its loader reads. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void sqliteJdbcLoadsFromTheFolderTheOverrideNames() {
        String before = System.getProperty(SqliteNativeBuild.ARCHITECTURE_PROPERTY);
        System.setProperty(SqliteNativeBuild.ARCHITECTURE_PROPERTY, SqliteNativeBuild.ARMV7);
        try {
            assertEquals("Linux/armv7", org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS());
        } finally {
            if (before == null) {
                System.clearProperty(SqliteNativeBuild.ARCHITECTURE_PROPERTY);
            } else {
                System.setProperty(SqliteNativeBuild.ARCHITECTURE_PROPERTY, before);
            }
        }
    }

    @Test
    void anArmhfProcessIsToldByItsDynamicLoader() {
        assertTrue(SqliteNativeBuild.hardFloat(
                "b6f2a000-b6f4b000 r-xp 00000000 b3:02 1234 /usr/lib/arm-linux-gnueabihf/ld-linux-armhf.so.3\n"));
        assertFalse(SqliteNativeBuild.hardFloat(
                "b6f2a000-b6f4b000 r-xp 00000000 b3:02 1234 /usr/lib/arm-linux-gnueabi/ld-linux.so.3\n"));
    }
}
