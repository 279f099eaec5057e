package org.onedoor.terminal.natives;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Keeps sqlite-jdbc's native library unpacked in a directory of the service's own and has sqlite-jdbc load it from
 * there. Left to itself, sqlite-jdbc unpacks its library (1.1 MB on x86-64) under {@code java.io.tmpdir} at every
 * start, under a new name, hashes and reads it back to compare, and deletes it at exit: on a terminal that is a
 * megabyte written to the SD card per start, and a tenth of a second of the start on a 2-core machine
 * (docs/performance.md). Here the library is unpacked once per sqlite-jdbc version and JVM architecture.
 *
 * <p>The directory is {@code onedoor.native.dir}, which the shipped jvm.options sets; without it nothing changes.
 * The file is written under a temporary name, synced and renamed into place, so a file present is whole. Should it
 * still not load (a damaged card), sqlite-jdbc falls back to its own unpacking, as without this; so does a directory
 * this process cannot write. Nothing here may fail a start.
 */
public final class SqliteNativeCache {
    static final String DIR_PROPERTY = "onedoor.native.dir";
    static final String LIB_PATH_PROPERTY = "org.sqlite.lib.path";
    static final String LIB_NAME_PROPERTY = "org.sqlite.lib.name";
    private static final String PREFIX = "sqlite-jdbc-";

    private SqliteNativeCache() {
    }

    /**
     * Points sqlite-jdbc at the kept library, unpacking it first when it is not there yet. Call before the first
     * SQLite class loads, after {@link SqliteNativeBuild#choose}; a library path already given is kept.
     */
    public static void use() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null || dir.isBlank() || System.getProperty(LIB_PATH_PROPERTY) != null) {
            return;
        }
        String library = System.mapLibraryName("sqlitejdbc");
        try {
            Path base = Path.of(dir);
            Path folder = base.resolve(PREFIX + SQLiteJDBCLoader.getVersion() + "-" + System.getProperty("os.arch"));
            if (!Files.isRegularFile(folder.resolve(library)) && !unpack(base, folder, library)) {
                return;
            }
            System.setProperty(LIB_PATH_PROPERTY, folder.toString());
            System.setProperty(LIB_NAME_PROPERTY, library);
        } catch (IOException | RuntimeException e) {
            // Logging is not set up this early; sqlite-jdbc unpacks its library itself, as it always did.
            System.err.println("onedoor: SQLite's native library not kept in " + dir + " (" + e + ");"
                    + " unpacked under java.io.tmpdir instead");
        }
    }

    /** Unpacks this platform's library into {@code folder} under {@code base}; false when sqlite-jdbc has none. */
    private static boolean unpack(Path base, Path folder, String library) throws IOException {
        String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + library;
        try (InputStream in = SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            Files.createDirectories(folder);
            Path partial = folder.resolve(library + ".partial-" + ProcessHandle.current().pid());
            try {
                try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                     OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                    in.transferTo(out);
                    channel.force(true);
                }
                // Readable by all: a root shell's `onedoor doctor` may be the one that unpacks it for the service.
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(partial, folder.resolve(library), StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        removeOtherVersions(base, folder);
        return true;
    }

    /** The folders an earlier sqlite-jdbc or another JVM architecture left; one that cannot go now stays. */
    private static void removeOtherVersions(Path base, Path kept) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path folder : folders) {
                if (!folder.equals(kept)) {
                    deleteFolder(folder);
                }
            }
        } catch (IOException e) {
            // Left for the next upgrade: a megabyte, not a fault.
        }
    }

    private static void deleteFolder(Path folder) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(folder);
    }
}
