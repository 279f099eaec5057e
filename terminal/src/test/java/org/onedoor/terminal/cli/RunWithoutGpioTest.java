package org.onedoor.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.onedoor.terminal.testing.TomlFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.gpio.GpioHardware;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.testing.DaemonProcess;

/**
 * {@code onedoor run} with the Pi's gpiod provider on a machine without a GPIO chip (a build server),
 * in its own JVM: one line that names the missing chip and the board, and exit 78, which the unit does
 * not restart, instead of Pi4J's stack trace and exit 1 every 5 s.
 */
class RunWithoutGpioTest {
    @TempDir
    Path dir;

    @Test
    void gpiodWithoutAChipExits78WithOneLineNamingTheChipAndTheBoard() throws Exception {
        GpioHardware here = GpioHardware.probe();
        assumeTrue(here.chips().isEmpty(), "this machine has GPIO chips: " + here.describe());
        Pseudonymizer.writeNewKey(dir.resolve("pseudonym.key"));
        Path config = TomlFixture.minimal().set("terminal.id", "t-nogpio").set("mqtt.url", "tcp://127.0.0.1:9")
                .set("gpio.provider", "gpiod")
                .lane("east", "东门", "scanner.port", dir.resolve("no-scanner"), "relay.pin", 17)
                .write(dir.resolve("onedoor.toml"));
        Path log = dir.resolve("run.log");

        Process run = DaemonProcess.launch(config, log, dir.resolve("tmp"));
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "onedoor run did not exit");

        String said = DaemonProcess.logSince(log, 0);
        assertEquals(78, run.exitValue(), said);
        List<String> errors = said.lines().filter(l -> l.startsWith("onedoor:") || l.contains("ERROR")).toList();
        assertEquals(List.of("onedoor: cannot start: gpio: provider gpiod needs a GPIO character device and this"
                + " machine has none (" + here.describe() + ")"), errors, said);
        assertFalse(said.contains("\tat ") || said.contains("Pi4J"), "no stack trace, no Pi4J noise: " + said);
    }
}
