package org.onedoor.terminal.voice;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.tinylog.Logger;

/**
 * The simulated output: each prompt is one line in the GPIO trace file, {@code {"t_ns":…,"lane":"east",
 * "prompt":"granted"}} ({@code t_ns} from {@link System#nanoTime()}, as the GPIO's lines), written through to the
 * file at once, so a test reads prompts and relay changes from one file in one order. Nothing is heard; without a
 * trace file the prompt is only logged.
 */
final class TracedOutput implements AudioOutput {
    private final Optional<Path> traceFile;

    TracedOutput(Optional<Path> traceFile) {
        this.traceFile = traceFile;
    }

    @Override
    public Player player(String lane) {
        return new Player() {
            @Override
            public boolean play(Prompt prompt, Clip clip, byte[] samples, BooleanSupplier superseded,
                                Runnable started) throws IOException {
                write(lane, prompt);
                started.run();
                return true;
            }

            @Override
            public void cut() {
                // A line in a file has nothing to cut.
            }
        };
    }

    @Override
    public void probe() {
        // Nothing to probe: the trace file is the GPIO's, opened already.
    }

    private synchronized void write(String lane, Prompt prompt) throws IOException {
        String line = "{\"t_ns\":" + System.nanoTime() + ",\"lane\":\"" + lane + "\",\"prompt\":\""
                + prompt.wireName() + "\"}\n";
        if (traceFile.isEmpty()) {
            Logger.debug("voice (simulated): {}", line.strip());
            return;
        }
        // Appended by one write of the whole line, as the GPIO backend writes its own to the same file.
        try (FileOutputStream out = new FileOutputStream(traceFile.get().toFile(), true)) {
            out.write(line.getBytes(StandardCharsets.UTF_8));
        }
    }
}
