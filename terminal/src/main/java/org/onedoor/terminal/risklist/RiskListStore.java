package org.onedoor.terminal.risklist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The verified messages behind the list held, exactly as they arrived: {@code snapshot.json} and one
 * {@code delta-<version>.json} per delta applied since. Storing the signed messages, not the list
 * they make, lets every start verify the list again, so a changed file is noticed.
 *
 * <p>Each file is written to a temporary name, forced to the disk, renamed into place and the
 * directory forced, so a power cut leaves the old file or the new one, never half of one. A new
 * snapshot replaces the old one first and its deltas after; deltas a crash leaves behind are older
 * than the snapshot, and {@link #load} discards them.
 */
final class RiskListStore {
    static final String SNAPSHOT = "snapshot.json";
    private static final Pattern DELTA = Pattern.compile("delta-([0-9]{20})\\.json");
    private static final String TEMPORARY_SUFFIX = ".tmp";

    /** One stored message and when it was written. */
    record Stored(Path file, byte[] payload, Instant written) {
    }

    private final Path dir;

    RiskListStore(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    Path dir() {
        return dir;
    }

    /**
     * The stored snapshot, if any, then the stored deltas in order of version. Files larger than
     * {@code maxBytes} are not read: a stored message was a valid one, so such a file has been changed.
     *
     * @throws StoreException naming the file that is too large or cannot be read
     */
    Optional<Stored> snapshot(long maxBytes) throws StoreException {
        Path file = dir.resolve(SNAPSHOT);
        return Files.exists(file) ? Optional.of(read(file, maxBytes)) : Optional.empty();
    }

    List<Stored> deltas(long maxBytes) throws StoreException {
        List<Path> files;
        try {
            files = deltaFiles();
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot be listed (" + e.getMessage() + ")");
        }
        List<Stored> deltas = new ArrayList<>();
        for (Path file : files) {
            if (!DELTA.matcher(file.getFileName().toString()).matches()) {
                throw new StoreException(file + ": not a name the terminal writes");
            }
            deltas.add(read(file, maxBytes));
        }
        return deltas;
    }

    /** The version a delta file's name gives. */
    static long versionOf(Path deltaFile) {
        Matcher m = DELTA.matcher(deltaFile.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a delta file: " + deltaFile);
        }
        return Long.parseLong(m.group(1));
    }

    /** Replaces the snapshot and drops every delta; {@code written} becomes the file's time. */
    void replaceSnapshot(byte[] payload, Instant written) throws IOException {
        writeAtomically(dir.resolve(SNAPSHOT), payload, written);
        for (Path delta : deltaFiles()) {
            Files.deleteIfExists(delta);
        }
        forceDirectory();
    }

    void appendDelta(long version, byte[] payload, Instant written) throws IOException {
        writeAtomically(dir.resolve(String.format("delta-%020d.json", version)), payload, written);
    }

    /** Removes leftovers of writes a crash interrupted. */
    void removeTemporaryFiles() throws IOException {
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "*" + TEMPORARY_SUFFIX)) {
            for (Path file : listing) {
                Files.deleteIfExists(file);
            }
        }
    }

    void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
        forceDirectory();
    }

    /** Delta files in order of version (the names hold it zero-padded). */
    private List<Path> deltaFiles() throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "delta-*.json")) {
            listing.forEach(found::add);
        }
        found.sort(null);
        return found;
    }

    private void writeAtomically(Path target, byte[] payload, Instant written) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + TEMPORARY_SUFFIX);
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(payload);
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.setLastModifiedTime(temporary, FileTime.from(written));
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory();
    }

    private void forceDirectory() throws IOException {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private static Stored read(Path file, long maxBytes) throws StoreException {
        try {
            if (Files.size(file) > maxBytes) {
                throw new StoreException(file + ": larger than any message this terminal accepts");
            }
            return new Stored(file, Files.readAllBytes(file), Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            throw new StoreException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The stored list cannot be trusted; the message names the file. */
    static final class StoreException extends Exception {
        StoreException(String message) {
            super(message);
        }
    }
}
