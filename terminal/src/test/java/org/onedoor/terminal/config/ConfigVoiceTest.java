package org.onedoor.terminal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.testing.ProjectFiles;
import org.onedoor.terminal.testing.TomlFixture;
import org.onedoor.terminal.voice.AudioOutputKind;
import org.onedoor.terminal.voice.Prompt;

/** {@code [voice]} and {@code [decision] passage_window_ms}: defaults, the clips read at load, bad values by line. */
class ConfigVoiceTest {
    @TempDir
    Path dir;

    @Test
    void voiceIsOffAndThePassageWindowFiveSecondsByDefault() throws Exception {
        TerminalConfig config = load(TomlFixture.minimal());

        assertEquals(TerminalConfig.Voice.OFF, config.voice());
        assertEquals(Duration.ofMillis(5000), config.decision().passageWindow());
        assertEquals(Duration.ofMillis(8000),
                load(TomlFixture.minimal().set("decision.passage_window_ms", 8000)).decision().passageWindow());
    }

    @Test
    void everyClipIsReadWhenVoiceIsOn() throws Exception {
        TerminalConfig config = load(withClips().set("voice.device", "plughw:1,0").set("voice.volume", 80));

        var voice = config.voice();
        assertEquals(List.of(true, AudioOutputKind.ALSA, "plughw:1,0", 80),
                List.of(voice.enabled(), voice.output(), voice.device(), voice.volume()));
        assertEquals(Set.of(Prompt.values()), voice.clips().keySet());
        assertEquals(16_000, voice.clips().get(Prompt.GRANTED).sampleRate());
        assertEquals(clip(Prompt.GRANTED), voice.clips().get(Prompt.GRANTED).source());
    }

    @Test
    void badVoiceKeysAreNamedWithTheirLines() throws Exception {
        Path notWav = Files.writeString(dir.resolve("granted.txt"), "绿码，请通行");
        TomlFixture toml = withClips().set("gpio.provider", "gpiod").set("voice.output", "simulated")
                .set("voice.volume", 150).set("voice.device", "-Dhw")
                .set("voice.clips.granted", notWav.toString())
                .set("voice.clips.refused", dir.resolve("missing.wav").toString())
                .set("decision.passage_window_ms", 100);

        // In the file's order: the fixture writes [voice]'s clips first, [decision] last.
        assertEquals(List.of(
                at(toml, "clips.granted") + "voice.clips.granted: " + notWav + ": not a WAV file (no RIFF/WAVE header)",
                at(toml, "clips.refused") + "voice.clips.refused: no such file: " + dir.resolve("missing.wav"),
                at(toml, "output") + "voice.output: \"simulated\" is allowed only with [gpio] provider = \"simulated\"",
                at(toml, "volume") + "voice.volume: must be between 0 and 100, got 150",
                at(toml, "device") + "voice.device: must be an ALSA device name such as \"default\" or "
                        + "\"plughw:1,0\", got \"-Dhw\"",
                at(toml, "passage_window_ms") + "decision.passage_window_ms: must be between 500 and 600000, got 100"),
                problems(toml));
    }

    @Test
    void aClipLeftToItsPackagedPathMustBeThereWhenVoiceIsOn() {
        TomlFixture toml = TomlFixture.minimal().set("voice.enabled", true);

        List<String> problems = problems(toml);

        assertEquals(Prompt.values().length, problems.size());
        assertEquals(at(toml, "[voice]") + "voice.clips.granted: no such file: /usr/share/onedoor/voice/granted.wav "
                + "(the packaged clip; install the package's clips or give the path)", problems.get(0));
    }

    private static TomlFixture withClips() {
        TomlFixture toml = TomlFixture.minimal().set("voice.enabled", true);
        for (Prompt prompt : Prompt.values()) {
            toml.set("voice.clips." + prompt.wireName(), clip(prompt).toString());
        }
        return toml;
    }

    private static Path clip(Prompt prompt) {
        return ProjectFiles.repository("config/voice/" + prompt.wireName() + ".wav");
    }

    /** "onedoor.toml:N: " for the line of the fixture that starts with {@code key}. */
    private static String at(TomlFixture toml, String key) {
        List<String> lines = toml.toString().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(key)) {
                return "onedoor.toml:" + (i + 1) + ": ";
            }
        }
        throw new AssertionError("no line starts with " + key + " in\n" + toml);
    }

    private TerminalConfig load(TomlFixture toml) throws ConfigException {
        return ConfigLoader.load(toml.write(dir.resolve("onedoor.toml")), warning -> { });
    }

    private List<String> problems(TomlFixture toml) {
        return assertThrows(ConfigException.class, () -> load(toml)).problems();
    }
}
