package org.onedoor.terminal.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymizerTest {
    @TempDir
    Path dir;

    @Test
    void pseudonymIsHmacSha256OfTheSubjectInHex() throws Exception {
        Path file = dir.resolve("k");
        Pseudonymizer.writeNewKey(file);
        byte[] key = Base64.getDecoder().decode(Files.readString(file).trim());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal("430124199001011234".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, Pseudonymizer.fromKeyFile(file).pseudonym("430124199001011234"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aNewKeyReplacesAnOldFileAndIsOwnerOnlyFromTheStart() throws Exception {
        Path file = dir.resolve("k");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Pseudonymizer.writeNewKey(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(32, Base64.getDecoder().decode(Files.readString(file).trim()).length);
    }

    @Test
    void differentKeysGiveUnrelatedPseudonyms() throws Exception {
        Pseudonymizer a = new Pseudonymizer(new byte[32]);
        byte[] other = new byte[32];
        other[0] = 1;
        assertNotEquals(a.pseudonym("x"), new Pseudonymizer(other).pseudonym("x"));
    }

    @Test
    void shortOrMalformedKeysAreRefusedNamingTheFile() throws Exception {
        Path file = dir.resolve("short.key");
        Files.writeString(file, Base64.getEncoder().encodeToString(new byte[16]));
        IOException e = assertThrows(IOException.class, () -> Pseudonymizer.fromKeyFile(file));
        assertTrue(e.getMessage().contains("short.key") && e.getMessage().contains("32 bytes"), e.getMessage());
        Files.writeString(file, "not base64 !!!");
        e = assertThrows(IOException.class, () -> Pseudonymizer.fromKeyFile(file));
        assertTrue(e.getMessage().contains("base64"), e.getMessage());
    }
}
