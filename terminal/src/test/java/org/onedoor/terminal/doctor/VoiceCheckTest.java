package org.onedoor.terminal.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.voice.AudioOutputKind;

/** The doctor's voice check against real aplay: ALSA's own {@code null} device plays, a missing card does not. */
class VoiceCheckTest {
    @Test
    void aDeviceThatPlaysPassesAndAMissingOneFailsNamingIt() {
        Finding plays = new VoiceCheck(voice("null")).run();
        Finding missing = new VoiceCheck(voice("no-such-card")).run();

        assertEquals(Finding.Verdict.OK, plays.verdict(), plays.detail());
        assertEquals(Finding.Verdict.FAIL, missing.verdict());
        assertTrue(missing.detail().startsWith("aplay -D no-such-card: "), missing.detail());
    }

    private static TerminalConfig.Voice voice(String device) {
        return new TerminalConfig.Voice(true, AudioOutputKind.ALSA, device, 100, Map.of());
    }
}
