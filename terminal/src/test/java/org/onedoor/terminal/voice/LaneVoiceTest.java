package org.onedoor.terminal.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.testing.ProjectFiles;

/**
 * One lane's voice thread with a player that plays until it is cut or superseded, as a long clip on a real card
 * would: a new prompt cuts the one playing, the caller never waits for sound, and failures are reported once.
 */
class LaneVoiceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<Event> events = new CopyOnWriteArrayList<>();

    /** Plays "forever": until cut() or until a newer prompt supersedes it. */
    private final class EndlessPlayer implements AudioOutput.Player {
        private volatile CountDownLatch current = new CountDownLatch(1);
        volatile boolean failing;
        /** Each prompt plays to its end at once. */
        volatile boolean shortClips;

        @Override
        public boolean play(Prompt prompt, Clip clip, byte[] samples, BooleanSupplier superseded, Runnable started)
                throws IOException {
            if (failing) {
                throw new IOException("audio open error: No such device");
            }
            current = new CountDownLatch(1);
            log.add("start " + prompt.wireName());
            started.run();
            if (shortClips) {
                return true;
            }
            Await.until("cut or superseded", WAIT, () -> current.getCount() == 0 || superseded.getAsBoolean());
            log.add("end " + prompt.wireName());
            return false;
        }

        @Override
        public void cut() {
            current.countDown();
        }
    }

    @Test
    void aNewPromptCutsTheOnePlayingAndTheCallerNeverWaits() throws Exception {
        EndlessPlayer player = new EndlessPlayer();
        try (LaneVoice voice = voice(player)) {
            voice.say(Prompt.GRANTED);
            Await.until("granted playing", WAIT, () -> log.equals(List.of("start granted")));

            long before = System.nanoTime();
            voice.say(Prompt.REFUSED);
            long askUs = (System.nanoTime() - before) / 1000;

            Await.until("refused playing", WAIT, () -> log.size() == 3);
            assertEquals(List.of("start granted", "end granted", "start refused"), log);
            assertTrue(askUs < 1_000_000, "asking returns at once, not when the sound ends: " + askUs + " us");
            System.out.println("LaneVoiceTest: asking for a prompt while another plays took " + askUs + " us");
        }
    }

    @Test
    void aDeviceThatCannotPlayIsReportedOnceAndAgainOnlyAfterItPlayed() throws Exception {
        EndlessPlayer player = new EndlessPlayer();
        player.failing = true;
        try (LaneVoice voice = voice(player)) {
            voice.say(Prompt.GRANTED);
            Await.until("voice_down", WAIT, () -> events.size() == 1);
            voice.say(Prompt.REFUSED);
            voice.say(Prompt.MANUAL_CHECK);
            player.failing = false;
            player.shortClips = true;
            voice.say(Prompt.GRANTED);
            Await.until("played again", WAIT, () -> log.contains("start granted"));
            Await.until("voice_up", WAIT, () -> events.size() == 2);

            assertEquals(List.of("voice_down", "voice_up"), events.stream()
                    .map(e -> ((Event.Alert) e).type().wire()).toList());
            assertEquals("audio open error: No such device", ((Event.Alert) events.get(0)).detail().get("detail"));
        }
    }

    private LaneVoice voice(AudioOutput.Player player) throws IOException {
        Map<Prompt, Clip> clips = new EnumMap<>(Prompt.class);
        Map<Prompt, byte[]> samples = new EnumMap<>(Prompt.class);
        for (Prompt prompt : Prompt.values()) {
            Clip clip = Clip.read(clip(prompt));
            clips.put(prompt, clip);
            samples.put(prompt, clip.pcmAt(100));
        }
        LaneVoice voice = new LaneVoice("east", player, clips, samples, new VoiceHealth("default", events::add),
                () -> { });
        voice.start();
        return voice;
    }

    static Path clip(Prompt prompt) {
        return ProjectFiles.repository("config/voice/" + prompt.wireName() + ".wav");
    }
}
