package org.onedoor.terminal.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.onedoor.drivers.gpio.GpioProvider;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.config.TerminalConfig.Lane;

/**
 * The list of output lines and their safe levels that the unit's stop hook
 * ({@code ExecStopPost=/usr/lib/onedoor/release-lines}) drives with {@code gpioset} after the daemon
 * has exited, however it exited. A process killed mid-pulse releases its gpiod lines, and on the Pi
 * a released line keeps its last level: without the hook a relay would stay energised until the
 * next start.
 *
 * <p>One line per output: {@code chip offset level name…}, e.g. {@code pinctrl 17 0 east relay};
 * {@code #} starts a comment. The file is replaced atomically, so the hook never reads half of it.
 * With simulated GPIO the list is empty and the hook has nothing to do.
 */
public final class SafeLinesFile {
    public static final String FILE_NAME = "safe-lines";

    private SafeLinesFile() {
    }

    /**
     * Where the hook looks: {@code safe-lines} in the unit's {@code RuntimeDirectory}
     * ({@code /run/onedoor}); empty when not run by systemd with one.
     */
    public static Optional<Path> defaultPath() {
        return defaultPath(System.getenv());
    }

    static Optional<Path> defaultPath(Map<String, String> env) {
        String dirs = env.get("RUNTIME_DIRECTORY");
        if (dirs == null || dirs.isBlank()) {
            return Optional.empty();
        }
        // systemd joins several RuntimeDirectory= entries with ':'; the first is the service's own.
        return Optional.of(Path.of(dirs.split(":", 2)[0]).resolve(FILE_NAME));
    }

    /** Every relay, lamp and buzzer the configuration names, each at its safe level. */
    public static List<SafeLine> linesOf(TerminalConfig config) {
        if (config.gpio().simulated()) {
            return List.of();
        }
        GpioProvider provider = config.gpio().provider();
        List<SafeLine> lines = new ArrayList<>();
        for (Lane lane : config.lanes()) {
            lines.add(SafeLine.bcmOutput(provider, lane.relay().pin(), lane.relay().activeLow(), lane.name() + " relay"));
            var led = lane.led();
            led.green().ifPresent(pin -> lines.add(SafeLine.bcmOutput(provider, pin, led.activeLow(), lane.name() + " green")));
            led.red().ifPresent(pin -> lines.add(SafeLine.bcmOutput(provider, pin, led.activeLow(), lane.name() + " red")));
            led.amber().ifPresent(pin -> lines.add(SafeLine.bcmOutput(provider, pin, led.activeLow(), lane.name() + " amber")));
            led.buzzer().ifPresent(pin -> lines.add(SafeLine.bcmOutput(provider, pin, led.activeLow(), lane.name() + " buzzer")));
        }
        return lines;
    }

    /** Replaces {@code file} with {@code lines}; an empty list leaves a file with only its header. */
    public static void write(Path file, List<SafeLine> lines) throws IOException {
        StringBuilder text = new StringBuilder(
                "# chip offset level name: the safe level of each output, for the unit's stop hook\n");
        for (SafeLine line : lines) {
            text.append(line.chip()).append(' ').append(line.offset()).append(' ').append(line.level())
                    .append(' ').append(line.name()).append('\n');
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
