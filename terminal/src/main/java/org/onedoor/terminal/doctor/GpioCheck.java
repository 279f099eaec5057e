package org.onedoor.terminal.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.onedoor.drivers.gpio.GpioHardware;
import org.onedoor.drivers.gpio.GpioProvider;
import org.onedoor.terminal.config.TerminalConfig;

/**
 * Whether this user may drive GPIO: the character devices {@code /dev/gpiochipN} for the gpiod
 * provider, {@code /sys/class/gpio/export} for linuxfs. Lines are not claimed: that would move the
 * outputs, and the running service holds them.
 */
final class GpioCheck implements Check {
    static final String NAME = "gpio";
    private final TerminalConfig.Gpio gpio;
    private final Path dev;
    private final Path sysfsExport;

    GpioCheck(TerminalConfig.Gpio gpio) {
        this(gpio, Path.of("/dev"), Path.of("/sys/class/gpio/export"));
    }

    GpioCheck(TerminalConfig.Gpio gpio, Path dev, Path sysfsExport) {
        this.gpio = gpio;
        this.dev = dev;
        this.sysfsExport = sysfsExport;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding run() {
        if (gpio.simulated()) {
            return Finding.ok(NAME, "simulated" + gpio.traceFile().map(f -> ", traced to " + f).orElse("")
                    + " (no hardware is driven)");
        }
        if (gpio.provider() == GpioProvider.LINUXFS) {
            return Files.isWritable(sysfsExport)
                    ? Finding.ok(NAME, "linuxfs: " + sysfsExport + " writable")
                    : Finding.fail(NAME, "linuxfs: " + sysfsExport + " missing or not writable by this user");
        }
        return gpiod();
    }

    private Finding gpiod() {
        List<Path> chips;
        try (Stream<Path> entries = Files.list(dev)) {
            chips = entries.filter(p -> p.getFileName().toString().startsWith("gpiochip")).sorted().toList();
        } catch (IOException e) {
            return Finding.fail(NAME, "cannot list " + dev + ": " + e.getMessage());
        }
        if (chips.isEmpty()) {
            return Finding.fail(NAME, "gpiod: no " + dev + "/gpiochip* (not a Raspberry Pi, or no GPIO driver; "
                    + "board " + GpioHardware.probe(dev, GpioHardware.MODEL_FILES).boardName() + ")");
        }
        List<String> inaccessible = chips.stream()
                .filter(c -> !Files.isReadable(c) || !Files.isWritable(c))
                .map(c -> c.getFileName().toString()).toList();
        String names = String.join(", ", chips.stream().map(c -> c.getFileName().toString()).toList());
        if (inaccessible.size() == chips.size()) {
            return Finding.fail(NAME, "gpiod: " + names + " not readable and writable by this user (group gpio?)");
        }
        if (!inaccessible.isEmpty()) {
            return Finding.warn(NAME, "gpiod: " + String.join(", ", inaccessible) + " not accessible; "
                    + chips.size() + " chip(s) in all");
        }
        return Finding.ok(NAME, "gpiod: " + names + " readable and writable");
    }
}
