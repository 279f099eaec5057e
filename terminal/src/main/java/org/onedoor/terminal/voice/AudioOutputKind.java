package org.onedoor.terminal.voice;

/** {@code [voice] output}: real sound, or lines in the GPIO trace file. */
public enum AudioOutputKind {
    /** An ALSA device, through {@code aplay}. */
    ALSA,
    /** One JSON line per prompt in the GPIO trace file ({@code [gpio] trace_file}); nothing is heard. */
    SIMULATED;

    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
