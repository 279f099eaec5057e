package org.onedoor.terminal.doctor;

import java.io.IOException;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.voice.AplayOutput;
import org.onedoor.terminal.voice.AudioOutputKind;

/**
 * Whether the voice prompts' ALSA device plays: a twentieth of a second of silence through {@code aplay}, as the
 * daemon probes it at start. Only with {@code [voice] enabled}. Heard by nobody; a device the running daemon is
 * playing a prompt on may answer busy, so a failure is worth a second run.
 */
final class VoiceCheck implements Check {
    static final String NAME = "voice";
    private final TerminalConfig.Voice voice;

    VoiceCheck(TerminalConfig.Voice voice) {
        this.voice = voice;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding run() {
        if (voice.output() == AudioOutputKind.SIMULATED) {
            return Finding.ok(NAME, "simulated: prompts are lines in the GPIO trace (nothing is heard)");
        }
        try {
            new AplayOutput(voice.device()).probe();
            return Finding.ok(NAME, "ALSA device " + voice.device() + " plays (" + voice.clips().size()
                    + " clips, volume " + voice.volume() + ")");
        } catch (IOException e) {
            return Finding.fail(NAME, e.getMessage() + " (is alsa-utils installed, the card in `aplay -L`, "
                    + "the service user in the audio group?)");
        }
    }
}
