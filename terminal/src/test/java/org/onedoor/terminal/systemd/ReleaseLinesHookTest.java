package org.onedoor.terminal.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unit's stop hook (systemd/release-lines) reading what {@link SafeLinesFile} writes. No GPIO
 * chip exists here, so gpiodetect and gpioset are stand-ins that answer as libgpiod 1.x or 2.x
 * would and record how they were called.
 */
class ReleaseLinesHookTest {
    private static final Path HOOK = Path.of("..", "systemd", "release-lines").toAbsolutePath().normalize();
    private static final String PI5_CHIPS = "gpiochip0 [gpio-brcmstb@107d508500] (32 lines)\n"
            + "gpiochip4 [pinctrl-rp1] (54 lines)\n";

    @TempDir
    Path dir;

    @Test
    void drivesEveryListedLineToItsSafeLevelWithLibgpiod1() throws Exception {
        Path file = safeLines(List.of(new SafeLine("pinctrl", 17, 1, "east relay"),
                new SafeLine("pinctrl", 22, 0, "east green"), new SafeLine("gpiochip1", 3, 0, "west relay")));
        tools("gpioset (libgpiod) v1.6.3", PI5_CHIPS);

        Result result = run(file);

        assertEquals(0, result.exit, result.output);
        assertEquals(List.of("gpiochip4 17=1", "gpiochip4 22=0", "gpiochip1 3=0"), calls());
        assertTrue(result.output.contains("released east relay (gpiochip4 line 17 = 1)"), result.output);
    }

    @Test
    void usesTheSetAndExitFormOfLibgpiod2() throws Exception {
        Path file = safeLines(List.of(new SafeLine("pinctrl", 17, 0, "east relay")));
        tools("gpioset (libgpiod) v2.1.3", PI5_CHIPS);

        Result result = run(file);

        assertEquals(0, result.exit, result.output);
        assertEquals(List.of("-c gpiochip4 -t 0 17=0"), calls());
    }

    @Test
    void withoutTheControllerItFailsLoudly() throws Exception {
        Path file = safeLines(List.of(new SafeLine("pinctrl", 17, 0, "east relay")));
        tools("gpioset (libgpiod) v1.6.3", "gpiochip0 [gpio-mockup-A] (8 lines)\n");

        Result result = run(file);

        assertEquals(1, result.exit);
        assertTrue(result.output.contains("cannot release east relay"), result.output);
    }

    /** The daemon exited 78 for the same reason; the hook says it once, with the board, not once per output. */
    @Test
    void onAMachineWithoutAnyGpioChipItSaysSoInOneLineAndExits78() throws Exception {
        Path file = safeLines(List.of(new SafeLine("pinctrl", 17, 1, "east relay"),
                new SafeLine("pinctrl", 22, 0, "east green")));
        tools("gpioset (libgpiod) v1.6.3", "");

        Result result = run(file);

        assertEquals(78, result.exit, result.output);
        assertEquals(1, result.output.lines().count(), result.output);
        assertTrue(result.output.startsWith("cannot release east relay, east green: no GPIO chip on this machine (board ")
                && result.output.contains("chips: none"), result.output);
        assertEquals(List.of(), calls());
    }

    @Test
    void simulatedGpioOrNoFileMeansNothingToDo() throws Exception {
        tools("gpioset (libgpiod) v1.6.3", PI5_CHIPS);

        assertEquals(0, run(safeLines(List.of())).exit);
        assertEquals(0, run(dir.resolve("absent")).exit);
        assertEquals(List.of(), calls());
    }

    private Path safeLines(List<SafeLine> lines) throws IOException {
        Path file = dir.resolve("run/safe-lines");
        SafeLinesFile.write(file, lines);
        return file;
    }

    private void tools(String version, String chips) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path log = dir.resolve("gpioset.log");
        Files.writeString(log, "");
        script(bin.resolve("gpioset"), "#!/bin/sh\nif [ \"$1\" = --version ]; then echo '" + version + "'; exit 0; fi\n"
                + "echo \"$*\" >> '" + log + "'\n");
        script(bin.resolve("gpiodetect"), "#!/bin/sh\nprintf '" + chips.replace("\n", "\\n") + "'\n");
    }

    private static void script(Path path, String text) throws IOException {
        Files.writeString(path, text);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> calls() throws IOException {
        return Files.readAllLines(dir.resolve("gpioset.log"));
    }

    private record Result(int exit, String output) {
    }

    private Result run(Path file) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("sh", HOOK.toString(), file.toString()).redirectErrorStream(true);
        pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("release-lines did not finish");
        }
        return new Result(p.exitValue(), output);
    }
}
