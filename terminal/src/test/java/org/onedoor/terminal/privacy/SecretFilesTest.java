package org.onedoor.terminal.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenKeyIsOwnerOnlyAndReadsBack() throws IOException {
        Path file = dir.resolve("master.key");
        byte[] key = new byte[32];
        key[31] = 7;
        SecretFiles.writeNewKey(file, key);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertArrayEquals(key, SecretFiles.readKey(file, 32));
        assertDoesNotThrow(() -> SecretFiles.requireOwnerOnly(file));
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws IOException {
        Path file = dir.resolve("master.key");
        Files.writeString(file, "keep me");
        assertThrows(FileAlreadyExistsException.class, () -> SecretFiles.writeNewKey(file, new byte[32]));
        assertEquals("keep me", Files.readString(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-", "rwx--x---"})
    void aSecretOthersCanReachIsRefusedNamingTheFileAndTheFix(String mode) throws IOException {
        Path file = dir.resolve("risk.key");
        SecretFiles.writeNewKey(file, new byte[32]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        IOException e = assertThrows(IOException.class, () -> SecretFiles.requireOwnerOnly(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(mode)
                && e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-------", "r--------"})
    void ownerOnlyModesPass(String mode) throws IOException {
        Path file = dir.resolve("risk.key");
        SecretFiles.writeNewKey(file, new byte[32]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        assertDoesNotThrow(() -> SecretFiles.requireOwnerOnly(file));
    }

    /**
     * A fresh install's key as the service user meets it: another user's file, open to its group. The
     * fix must make the service's user the owner; a bare chmod would leave the file unreadable to it.
     */
    @Test
    void anotherUsersSecretIsRefusedNamingTheOwnerAndTheChownThatFixesIt() throws IOException {
        Path file = dir.resolve("pseudonym.key");
        SecretFiles.writeNewKey(file, new byte[32]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        String owner = Files.getOwner(file).getName();
        String reader = "not-" + owner;

        IOException e = assertThrows(IOException.class, () -> SecretFiles.requireOwnerOnly(file, reader));

        assertTrue(e.getMessage().contains("rw-r-----") && e.getMessage().contains("its owner is " + owner)
                && e.getMessage().contains("chown " + reader + " " + file + " && chmod 600 " + file), e.getMessage());
    }

    @Test
    void anOwnerOnlySecretOfAnotherUserIsRefusedToo() throws IOException {
        Path file = dir.resolve("pseudonym.key");
        SecretFiles.writeNewKey(file, new byte[32]);
        String owner = Files.getOwner(file).getName();

        IOException e = assertThrows(IOException.class, () -> SecretFiles.requireOwnerOnly(file, "not-" + owner));

        assertTrue(e.getMessage().contains("belongs to " + owner) && e.getMessage().contains("chown not-" + owner),
                e.getMessage());
        assertDoesNotThrow(() -> SecretFiles.requireOwnerOnly(file, "root"), "root reads any owner-only file");
    }

    @Test
    void aMissingFileIsAnError() {
        assertThrows(IOException.class, () -> SecretFiles.requireOwnerOnly(dir.resolve("absent.key")));
    }
}
