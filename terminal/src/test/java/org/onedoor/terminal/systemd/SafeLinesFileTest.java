package org.onedoor.terminal.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.config.ConfigException;
import org.onedoor.terminal.config.ConfigLoader;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.testing.TomlFixture;

class SafeLinesFileTest {
    @TempDir
    Path dir;

    @Test
    void listsEveryOutputAtItsSafeLevelHonouringPolarity() throws IOException, ConfigException {
        TerminalConfig config = config("gpiod");

        assertEquals(List.of(
                new SafeLine("pinctrl", 17, 1, "east relay"),
                new SafeLine("pinctrl", 22, 0, "east green"),
                new SafeLine("pinctrl", 23, 0, "east red"),
                new SafeLine("pinctrl", 27, 0, "west relay")), SafeLinesFile.linesOf(config));
    }

    @Test
    void linuxfsLinesAreMarkedSysfs() throws IOException, ConfigException {
        assertEquals("sysfs", SafeLinesFile.linesOf(config("linuxfs")).get(0).chip());
    }

    @Test
    void simulatedGpioHasNoLines() throws IOException, ConfigException {
        assertEquals(List.of(), SafeLinesFile.linesOf(config("simulated")));
    }

    @Test
    void writesOneLinePerOutputForTheHook() throws IOException {
        Path file = dir.resolve("run/onedoor/safe-lines");

        SafeLinesFile.write(file, List.of(new SafeLine("pinctrl", 17, 1, "east relay"), new SafeLine("gpiochip4", 5, 0, "west amber")));
        SafeLinesFile.write(file, List.of(new SafeLine("pinctrl", 17, 1, "east relay"), new SafeLine("gpiochip4", 5, 0, "west amber")));

        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of("pinctrl 17 1 east relay", "gpiochip4 5 0 west amber"), lines.subList(1, 3));
        assertEquals(3, lines.size());
        try (var left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void findsTheFileInTheUnitsRuntimeDirectory() {
        assertEquals(Optional.of(Path.of("/run/onedoor/safe-lines")),
                SafeLinesFile.defaultPath(Map.of("RUNTIME_DIRECTORY", "/run/onedoor")));
        assertEquals(Optional.of(Path.of("/run/onedoor/safe-lines")),
                SafeLinesFile.defaultPath(Map.of("RUNTIME_DIRECTORY", "/run/onedoor:/run/onedoor-extra")));
        assertEquals(Optional.empty(), SafeLinesFile.defaultPath(Map.of()));
    }

    @Test
    void refusesLinesTheHookCouldNotParse() {
        assertThrows(IllegalArgumentException.class, () -> new SafeLine("gpio chip", 1, 0, "x"));
        assertThrows(IllegalArgumentException.class, () -> new SafeLine("pinctrl", 1, 2, "x"));
        assertThrows(IllegalArgumentException.class, () -> new SafeLine("pinctrl", 1, 0, "two\nlines"));
    }

    private TerminalConfig config(String provider) throws IOException, ConfigException {
        Files.writeString(dir.resolve("pseudonym.key"), "x");
        Path file = TomlFixture.minimal().set("gpio.provider", provider)
                .lane("east", "东门", "scanner.port", "/dev/ttyUSB0", "relay.pin", 17, "relay.active_low", true,
                        "led.green", 22, "led.red", 23)
                .lane("west", "西门", "scanner.port", "/dev/ttyUSB1", "relay.pin", 27)
                .write(dir.resolve("onedoor.toml"));
        return ConfigLoader.load(file);
    }
}
