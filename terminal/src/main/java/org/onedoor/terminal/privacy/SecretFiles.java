package org.onedoor.terminal.privacy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold secrets: keys as one line of base64, created readable by their owner only, and a
 * check that refuses a secret file anyone else may read or change.
 */
public final class SecretFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static final String ROOT = "root";
    private static final String UNKNOWN_USER = "?";

    private SecretFiles() {
    }

    /** Reads a key file: one line of base64 holding at least {@code minBytes} bytes. Errors name the file. */
    public static byte[] readKey(Path file, int minBytes) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the key must be one line of base64");
        }
        if (key.length < minBytes) {
            throw new IOException(file + ": the key must hold at least " + minBytes + " bytes");
        }
        return key;
    }

    /** Writes a key as one line of base64 to a new file, readable by its owner only; never overwrites. */
    public static void writeNewKey(Path file, byte[] key) throws IOException {
        writeNew(file, Base64.getEncoder().encodeToString(key) + "\n");
    }

    /**
     * Writes text to a new file that is readable by its owner only from the moment it exists (the
     * mode is given at creation, not set afterwards), and forces it to the disk; never overwrites.
     */
    public static void writeNew(Path file, String text) throws IOException {
        try (FileChannel out = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                ownerOnlyAttribute(file))) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
    }

    /**
     * Refuses a secret file that its group or others may read, write or execute, or that belongs to
     * another user than the one this process runs as (who then could not read it), with a message
     * naming the file, its mode, its owner and the fix. On a file system without POSIX permissions
     * there is nothing to check.
     */
    public static void requireOwnerOnly(Path file) throws IOException {
        requireOwnerOnly(file, System.getProperty("user.name"));
    }

    /** @param reader the user who reads the secret: the fix makes it the owner, except for root, who reads any file */
    static void requireOwnerOnly(Path file, String reader) throws IOException {
        if (!isPosix(file)) {
            return;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        String owner = Files.getOwner(file).getName();
        boolean exposed = mode.stream().anyMatch(OTHERS::contains);
        // Java names a user without a passwd entry "?": nothing to compare the owner with.
        boolean foreign = !owner.equals(reader) && !ROOT.equals(reader) && !UNKNOWN_USER.equals(reader);
        if (!exposed && !foreign) {
            return;
        }
        String state = exposed
                ? "its mode is " + PosixFilePermissions.toString(mode) + " (group or others have access)"
                        + (foreign ? " and its owner is " + owner : "")
                : "it belongs to " + owner + ", so " + reader + " (this process's user) cannot read it";
        String fix = foreign
                ? "make " + reader + " its owner and the only one with access: chown " + reader + " " + file
                        + " && chmod 600 " + file
                : "make it readable by its owner only: chmod 600 " + file;
        throw new IOException(file + " holds a secret but " + state + "; " + fix);
    }

    private static FileAttribute<?>[] ownerOnlyAttribute(Path file) {
        return isPosix(file) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
