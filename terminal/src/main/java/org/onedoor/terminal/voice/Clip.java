package org.onedoor.terminal.voice;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A prompt's sound: the samples of a WAV file, 16-bit signed little-endian PCM, mono or stereo, 8 to 48 kHz, at
 * most {@link #MAX_SECONDS} long. Read once, when the configuration is loaded, so that a broken clip is a
 * configuration error and not a silent gate.
 */
public final class Clip {
    static final int MAX_SECONDS = 10;
    private static final int RIFF_HEADER = 12;
    private static final int CHUNK_HEADER = 8;

    private final Path source;
    private final int sampleRate;
    private final int channels;
    private final byte[] pcm;

    private Clip(Path source, int sampleRate, int channels, byte[] pcm) {
        this.source = source;
        this.sampleRate = sampleRate;
        this.channels = channels;
        this.pcm = pcm;
    }

    /**
     * @throws IOException      when the file cannot be read
     * @throws InvalidClipException when it is no WAV file this terminal plays; the message says why
     */
    public static Clip read(Path file) throws IOException {
        if (Files.size(file) > (long) MAX_SECONDS * 48_000 * 2 * 2 + 4096) {
            throw new InvalidClipException("longer than " + MAX_SECONDS + " s at 48 kHz stereo");
        }
        ByteBuffer wav = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.remaining() < RIFF_HEADER || wav.getInt(0) != 0x46464952 || wav.getInt(8) != 0x45564157) {
            throw new InvalidClipException("not a WAV file (no RIFF/WAVE header)");
        }
        int[] format = null;
        wav.position(RIFF_HEADER);
        while (wav.remaining() >= CHUNK_HEADER) {
            int id = wav.getInt();
            long size = Integer.toUnsignedLong(wav.getInt());
            if (size > wav.remaining()) {
                throw new InvalidClipException("truncated: a chunk runs past the end of the file");
            }
            if (id == 0x20746d66) { // "fmt "
                format = format(wav.slice(wav.position(), (int) size).order(ByteOrder.LITTLE_ENDIAN));
            } else if (id == 0x61746164) { // "data"
                if (format == null) {
                    throw new InvalidClipException("no fmt chunk before the data");
                }
                byte[] pcm = new byte[(int) size - (int) size % (2 * format[1])];
                wav.get(pcm);
                return new Clip(file, format[0], format[1], pcm);
            }
            wav.position(wav.position() + (int) size + (int) (size & 1));
        }
        throw new InvalidClipException("no data chunk");
    }

    /** {sample rate, channels} of a 16-bit PCM format chunk. */
    private static int[] format(ByteBuffer fmt) throws InvalidClipException {
        if (fmt.remaining() < 16 || fmt.getShort(0) != 1 || fmt.getShort(14) != 16) {
            throw new InvalidClipException("not 16-bit PCM (convert it: sox in.wav -b 16 -e signed out.wav)");
        }
        int channels = fmt.getShort(2);
        int rate = fmt.getInt(4);
        if (channels < 1 || channels > 2 || rate < 8000 || rate > 48_000) {
            throw new InvalidClipException(channels + " channel(s) at " + rate + " Hz: mono or stereo, 8 to 48 kHz");
        }
        return new int[] {rate, channels};
    }

    public Path source() {
        return source;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    /** The samples as the file holds them, 16-bit little-endian. */
    public byte[] pcm() {
        return pcm.clone();
    }

    /** The samples scaled to {@code volume} percent (100: unchanged). */
    byte[] pcmAt(int volume) {
        byte[] out = pcm.clone();
        if (volume == 100) {
            return out;
        }
        ByteBuffer samples = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 1 < out.length; i += 2) {
            samples.putShort(i, (short) (samples.getShort(i) * volume / 100));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Clip c && c.source.equals(source) && c.sampleRate == sampleRate
                && c.channels == channels && Arrays.equals(c.pcm, pcm);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, sampleRate, channels, Arrays.hashCode(pcm));
    }

    @Override
    public String toString() {
        return source + " (" + sampleRate + " Hz, " + channels + " ch, " + pcm.length + " bytes)";
    }

    /** A file that is no clip this terminal can play. */
    public static final class InvalidClipException extends IOException {
        private static final long serialVersionUID = 1L;

        InvalidClipException(String message) {
            super(message);
        }
    }
}
