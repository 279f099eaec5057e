package org.onedoor.drivers.gpio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What this machine offers GPIO, in the words an error message needs: its GPIO character devices
 * ({@code /dev/gpiochipN}) and the board's model as the device tree names it.
 *
 * @param chips the device names, sorted ({@code gpiochip0}, {@code gpiochip4}); empty when there are none
 * @param board the model ("Raspberry Pi 4 Model B Rev 1.5"), when the machine has a device tree
 */
public record GpioHardware(List<String> chips, Optional<String> board) {
    /** Where the device tree names the board: procfs, and sysfs where /proc/device-tree is not linked. */
    public static final List<Path> MODEL_FILES = List.of(Path.of("/proc/device-tree/model"),
            Path.of("/sys/firmware/devicetree/base/model"));

    public static GpioHardware probe() {
        return probe(Path.of("/dev"), MODEL_FILES);
    }

    /** @param modelFiles where the model may be, first found wins */
    public static GpioHardware probe(Path dev, List<Path> modelFiles) {
        return new GpioHardware(chips(dev), model(modelFiles));
    }

    /** e.g. {@code board "Raspberry Pi 5 Model B Rev 1.0", chips gpiochip0, gpiochip4}. */
    public String describe() {
        return "board " + boardName() + ", "
                + (chips.isEmpty() ? "no /dev/gpiochip*" : "chips " + String.join(", ", chips));
    }

    /** The model in quotes, or {@code unknown (no device-tree model)}. */
    public String boardName() {
        return board.map(b -> "\"" + b + "\"").orElse("unknown (no device-tree model)");
    }

    private static List<String> chips(Path dev) {
        try (Stream<Path> entries = Files.list(dev)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("gpiochip")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The device tree's string ends in NUL; anything unprintable is dropped so the message stays one line. */
    private static Optional<String> model(List<Path> modelFiles) {
        for (Path file : modelFiles) {
            try {
                String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8)
                        .replaceAll("\\p{Cntrl}", "").strip();
                if (!text.isEmpty()) {
                    return Optional.of(text);
                }
            } catch (IOException e) {
                // not there on this machine: try the next place
            }
        }
        return Optional.empty();
    }
}
