package org.onedoor.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpioHardwareTest {
    @TempDir
    Path dir;

    @Test
    void namesTheChipsAndTheDeviceTreeModel() throws IOException {
        Path dev = Files.createDirectories(dir.resolve("dev"));
        for (String name : List.of("gpiochip4", "gpiochip0", "ttyAMA0", "gpiomem")) {
            Files.createFile(dev.resolve(name));
        }
        // As the kernel writes it: NUL-terminated.
        Path model = Files.write(dir.resolve("model"), "Raspberry Pi 5 Model B Rev 1.0\0".getBytes(StandardCharsets.UTF_8));

        GpioHardware hardware = GpioHardware.probe(dev, List.of(dir.resolve("absent"), model));

        assertEquals(List.of("gpiochip0", "gpiochip4"), hardware.chips());
        assertEquals(Optional.of("Raspberry Pi 5 Model B Rev 1.0"), hardware.board());
        assertEquals("board \"Raspberry Pi 5 Model B Rev 1.0\", chips gpiochip0, gpiochip4", hardware.describe());
    }

    @Test
    void withoutChipsOrDeviceTreeItSaysSo() throws IOException {
        GpioHardware hardware = GpioHardware.probe(Files.createDirectories(dir.resolve("dev")), List.of(dir.resolve("absent")));

        assertEquals("board unknown (no device-tree model), no /dev/gpiochip*", hardware.describe());
    }

    @Test
    void gpiodWithoutAChipIsRefusedBeforePi4jStarts() {
        GpioHardware none = new GpioHardware(List.of(), Optional.of("Xunlong Orange Pi 5"));

        GpioUnavailableException e = assertThrows(GpioUnavailableException.class,
                () -> Pi4jGpioBackend.usable("gpiod", none));

        assertEquals("provider gpiod needs a GPIO character device and this machine has none"
                + " (board \"Xunlong Orange Pi 5\", no /dev/gpiochip*)", e.getMessage());
        assertSame(none, Pi4jGpioBackend.usable("linuxfs", none), "linuxfs works through sysfs, without a chip device");
    }

    /** This machine, when it has no GPIO chip (a build server): the real constructor fails at once, in one line. */
    @Test
    void theRealBackendOnAMachineWithoutChipsFailsWithOneLine() {
        org.junit.jupiter.api.Assumptions.assumeTrue(GpioHardware.probe().chips().isEmpty(), "this machine has GPIO chips");

        GpioUnavailableException e = assertThrows(GpioUnavailableException.class, () -> new Pi4jGpioBackend("gpiod"));

        assertTrue(e.getMessage().contains("no /dev/gpiochip*") && !e.getMessage().contains("\n"), e.getMessage());
    }
}
