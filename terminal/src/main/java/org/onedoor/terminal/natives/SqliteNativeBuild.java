package org.onedoor.terminal.natives;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Picks sqlite-jdbc's native build where its own choice fails. On a 32-bit ARM JVM (os.arch
 * {@code arm}) sqlite-jdbc 3.54 reads {@code uname -m}: armv6* and armv7* get its hard-float
 * builds, but anything else, notably {@code armv8l} (a 32-bit userland on a 64-bit kernel), falls
 * to its {@code Linux/arm} build, soft-float ARMv5, which a hard-float JVM cannot load
 * (UnsatisfiedLinkError) — unless {@code readelf} happens to be installed for its fallback test.
 * Its override, {@code org.sqlite.osinfo.architecture}, names the folder instead; it must be set
 * before the first SQLite class loads.
 */
public final class SqliteNativeBuild {
    static final String ARCHITECTURE_PROPERTY = "org.sqlite.osinfo.architecture";
    /** The hard-float ARMv7 build: any ARMv7 or ARMv8 core runs it in 32-bit mode. */
    static final String ARMV7 = "armv7";
    /** Only an armhf process maps this dynamic loader; armel's is ld-linux.so.3. */
    private static final String HARD_FLOAT_LOADER = "/ld-linux-armhf.so.3";

    private SqliteNativeBuild() {
    }

    /** Sets the override where sqlite-jdbc would choose wrong; an override already given is kept. */
    public static void choose() {
        String osArch = System.getProperty("os.arch", "");
        if (System.getProperty(ARCHITECTURE_PROPERTY) != null || !osArch.startsWith("arm")) {
            return;
        }
        choice(osArch, machine(), hardFloat(selfMaps())).ifPresent(folder -> {
            System.setProperty(ARCHITECTURE_PROPERTY, folder);
            Logger.debug("SQLite: native build Linux/{} (os.arch {})", folder, osArch);
        });
    }

    /**
     * @param osArch  the JVM's os.arch
     * @param machine what {@code uname -m} says
     * @param hardFloat whether this process is hard-float (armhf)
     * @return the folder under {@code org/sqlite/native/Linux/} to load, when sqlite-jdbc's own mapping
     *         of {@code machine} would not find the right one
     */
    static Optional<String> choice(String osArch, String machine, boolean hardFloat) {
        boolean mappedBySqlite = machine.startsWith("armv6") || machine.startsWith("armv7")
                || machine.startsWith("aarch64");
        if (!osArch.startsWith("arm") || !hardFloat || mappedBySqlite) {
            return Optional.empty();
        }
        return Optional.of(ARMV7);
    }

    /** Whether the process's memory map (the text of /proc/self/maps) holds the armhf dynamic loader. */
    static boolean hardFloat(String maps) {
        return maps.contains(HARD_FLOAT_LOADER);
    }

    private static String selfMaps() {
        try {
            return Files.readString(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    /** {@code uname -m}, as sqlite-jdbc asks it; "unknown" when it cannot be run. */
    private static String machine() {
        try {
            Process uname = new ProcessBuilder("uname", "-m").redirectErrorStream(true).start();
            String out = new String(uname.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return uname.waitFor(5, TimeUnit.SECONDS) && uname.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
