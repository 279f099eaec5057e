package org.onedoor.terminal.natives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each case starts a JVM of its own, as the service starts: sqlite-jdbc reads where to load its library from once,
 * before its first class loads, which in this test's JVM happened long ago. The probe reports the library file the
 * process mapped, from its own /proc/self/maps.
 */
class SqliteNativeCacheTest {
    @TempDir
    Path dir;

    @Test
    void theLibraryIsUnpackedOnceAndLoadedFromTheKeptDirectoryAtEveryStart() throws Exception {
        Path kept = dir.resolve("native");
        Path old = kept.resolve("sqlite-jdbc-3.0.0.0-" + System.getProperty("os.arch"));
        Files.createDirectories(old);
        Files.writeString(old.resolve("libsqlitejdbc.so"), "an earlier version's library");

        Path first = Path.of(probe(kept));
        assertTrue(first.startsWith(kept), "loaded from " + first);
        assertFalse(Files.exists(old), "the earlier version's folder is removed");
        Object unpacked = Files.readAttributes(first, "unix:ino").get("ino");
        long modified = Files.getLastModifiedTime(first).toMillis();

        assertEquals(first, Path.of(probe(kept)), "the second start loads the same file");
        assertEquals(unpacked, Files.readAttributes(first, "unix:ino").get("ino"), "and does not unpack it again");
        assertEquals(modified, Files.getLastModifiedTime(first).toMillis());
        assertEquals(List.of(first.getFileName()), filesIn(first.getParent()), "no partial file left");
        assertEquals(List.of(), filesIn(dir.resolve("tmp")), "nothing unpacked under java.io.tmpdir");
    }

    @Test
    void aDirectoryThatCannotBeWrittenLeavesSqliteToUnpackItsLibraryItself() throws Exception {
        Path notADirectory = dir.resolve("native");
        Files.writeString(notADirectory, "a file where the directory should be");

        Path loaded = Path.of(probe(notADirectory));

        assertTrue(loaded.startsWith(dir.resolve("tmp")), "loaded from " + loaded);
    }

    @Test
    void withoutTheSettingNothingChanges() throws Exception {
        assertTrue(Path.of(probe(null)).startsWith(dir.resolve("tmp")));
    }

    /** Runs {@link Probe} with {@code onedoor.native.dir} set to {@code kept} (unless null); returns what it mapped. */
    private String probe(Path kept) throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("tmp"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-Xshare:off",
                "-Djava.io.tmpdir=" + dir.resolve("tmp")));
        if (kept != null) {
            command.add("-D" + SqliteNativeCache.DIR_PROPERTY + "=" + kept);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("mapped "), output);
        return last.substring("mapped ".length());
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(Path::getFileName).sorted().toList();
        }
    }

    /** The start of {@code onedoor}'s main as far as SQLite goes, then one query. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            SqliteNativeBuild.choose();
            SqliteNativeCache.use();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
                 Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT sqlite_version()")) {
                rs.next();
            }
            String mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(line -> line.contains("sqlitejdbc"))
                    .map(line -> line.substring(line.indexOf('/')))
                    .findFirst().orElse("nothing");
            System.out.println("mapped " + mapped);
        }
    }
}
