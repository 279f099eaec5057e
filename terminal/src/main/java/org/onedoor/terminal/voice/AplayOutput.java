package org.onedoor.terminal.voice;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An ALSA device through {@code aplay} (alsa-utils), one process per prompt fed the samples on its standard
 * input. A subprocess rather than Java Sound: Java Sound sees only the sound cards' hardware devices, not the
 * PCMs of the ALSA configuration ({@code default} over dmix or PulseAudio, a {@code file} plugin), and a process
 * is cut by a signal at any point. A prompt that is cut is killed; one that fails reports aplay's own words.
 */
public final class AplayOutput implements AudioOutput {
    /** The first write: enough to be sure aplay runs, small enough to go at once into the pipe. */
    private static final int FIRST_CHUNK = 4096;
    private static final int MAX_ERROR_CHARS = 200;
    private static final int PROBE_BYTES = 1600;

    private final String command;
    private final String device;

    /** @param device the ALSA device, as {@code aplay -D} takes it */
    public AplayOutput(String device) {
        this("aplay", device);
    }

    /** @param command {@code aplay}, or a path to it */
    AplayOutput(String command, String device) {
        this.command = command;
        this.device = device;
    }

    @Override
    public Player player(String lane) {
        return new AplayPlayer();
    }

    /**
     * A twentieth of a second of silence at 16 kHz mono.
     *
     * @throws IOException with aplay's own words when the device cannot play, or when there is no aplay
     */
    @Override
    public void probe() throws IOException {
        new AplayPlayer().play(16_000, 1, new byte[PROBE_BYTES], () -> false, () -> { });
    }

    private List<String> commandFor(int sampleRate, int channels) {
        return List.of(command, "-q", "-D", device, "-t", "raw", "-f", "S16_LE", "-r", Integer.toString(sampleRate),
                "-c", Integer.toString(channels), "-");
    }

    private final class AplayPlayer implements Player {
        private volatile Process current;
        private volatile boolean cut;

        @Override
        public boolean play(Prompt prompt, Clip clip, byte[] samples, BooleanSupplier superseded, Runnable started)
                throws IOException {
            return play(clip.sampleRate(), clip.channels(), samples, superseded, started);
        }

        /** A prompt cut, by {@link #cut()} or a newer one, says nothing of the device: neither up nor down. */
        boolean play(int sampleRate, int channels, byte[] samples, BooleanSupplier superseded, Runnable started)
                throws IOException {
            cut = false;
            Process aplay = new ProcessBuilder(commandFor(sampleRate, channels))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            current = aplay;
            try (OutputStream in = aplay.getOutputStream()) {
                if (superseded.getAsBoolean()) {
                    aplay.destroy();
                    return false;
                }
                int first = Math.min(FIRST_CHUNK, samples.length);
                in.write(samples, 0, first);
                in.flush();
                started.run();
                in.write(samples, first, samples.length - first);
            } catch (IOException e) {
                if (!ended(superseded)) {
                    throw failure(aplay, e.getMessage());
                }
            } finally {
                awaitExit(aplay);
                current = null;
            }
            if (ended(superseded)) {
                return false;
            }
            if (aplay.exitValue() != 0) {
                throw failure(aplay, "exit status " + aplay.exitValue());
            }
            return true;
        }

        private boolean ended(BooleanSupplier superseded) {
            return cut || superseded.getAsBoolean();
        }

        @Override
        public void cut() {
            Process playing = current;
            if (playing != null) {
                cut = true;
                playing.destroy();
            }
        }

        private void awaitExit(Process aplay) {
            try {
                // A prompt is a few seconds; a device that hangs longer is killed.
                if (!aplay.waitFor(Clip.MAX_SECONDS + 5L, TimeUnit.SECONDS)) {
                    aplay.destroyForcibly();
                    aplay.waitFor();
                }
            } catch (InterruptedException e) {
                aplay.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        /** aplay's first line on its error stream (e.g. "audio open error: No such file or directory"). */
        private IOException failure(Process aplay, String fallback) {
            awaitExit(aplay);
            String said;
            try (InputStream err = aplay.getErrorStream()) {
                said = new String(err.readNBytes(MAX_ERROR_CHARS), StandardCharsets.UTF_8).lines().findFirst()
                        .orElse("").strip();
            } catch (IOException e) {
                said = "";
            }
            return new IOException("aplay -D " + device + ": " + (said.isEmpty() ? fallback : said));
        }
    }
}
