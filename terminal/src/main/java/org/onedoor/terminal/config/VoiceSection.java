package org.onedoor.terminal.config;

import static org.onedoor.terminal.config.TableReader.INTEGER;
import static org.onedoor.terminal.config.TableReader.STRING;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.onedoor.terminal.config.TableReader.Converter;
import org.onedoor.terminal.config.TerminalConfig.Voice;
import org.onedoor.terminal.voice.AudioOutputKind;
import org.onedoor.terminal.voice.Clip;
import org.onedoor.terminal.voice.Prompt;

/**
 * {@code [voice]}: spoken prompts (docs/voice.md). With {@code enabled = true} every clip is read and checked here,
 * so a missing or broken clip stops the start with its key and line, like any bad value.
 */
final class VoiceSection {
    /** Where the package installs the Mandarin clips; a clip not given is taken from here. */
    static final Path PACKAGED_CLIPS = Path.of("/usr/share/onedoor/voice");
    private static final Map<String, AudioOutputKind> OUTPUTS =
            Values.choices(AudioOutputKind.values(), AudioOutputKind::configName);
    /** ALSA names as aplay -D takes them: default, plughw:1,0, hw:CARD=Device,DEV=0; never an option. */
    private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_:,=.-]{0,63}");

    private VoiceSection() {
    }

    static Voice read(TableReader root, Converter<String, Path> path, TerminalConfig.Gpio gpio) {
        if (!root.has("voice")) {
            return Voice.OFF;
        }
        TableReader voice = root.table("voice");
        boolean enabled = voice.flag("enabled", false);
        AudioOutputKind output = voice.orDefault("output", STRING, Values.oneOf(OUTPUTS), AudioOutputKind.ALSA);
        if (output == AudioOutputKind.SIMULATED && !gpio.simulated()) {
            voice.problem("output", "\"simulated\" is allowed only with [gpio] provider = \"simulated\"");
        }
        String device = voice.orDefault("device", STRING, VoiceSection::device, "default");
        int volume = voice.orDefault("volume", INTEGER, Values.range(0, 100), 100);
        TableReader clipKeys = voice.table("clips");
        Map<Prompt, Clip> clips = new EnumMap<>(Prompt.class);
        for (Prompt prompt : Prompt.values()) {
            String key = prompt.wireName();
            Path file = clipKeys.orDefault(key, STRING, path, PACKAGED_CLIPS.resolve(key + ".wav"));
            if (enabled && file != null && !clipKeys.hasProblem(key)) {
                readClip(clipKeys, key, file, clips, prompt);
            }
        }
        return new Voice(enabled, output, device == null ? "default" : device, volume, Map.copyOf(clips));
    }

    private static void readClip(TableReader clipKeys, String key, Path file, Map<Prompt, Clip> clips, Prompt prompt) {
        try {
            clips.put(prompt, Clip.read(file));
        } catch (NoSuchFileException e) {
            clipKeys.problem(key, "no such file: " + file + (clipKeys.has(key) ? ""
                    : " (the packaged clip; install the package's clips or give the path)"));
        } catch (IOException e) {
            clipKeys.problem(key, file + ": " + e.getMessage());
        }
    }

    private static String device(String raw) throws InvalidValueException {
        if (!DEVICE.matcher(raw).matches()) {
            throw new InvalidValueException("must be an ALSA device name such as \"default\" or \"plughw:1,0\", got "
                    + Values.show(raw));
        }
        return raw;
    }
}
