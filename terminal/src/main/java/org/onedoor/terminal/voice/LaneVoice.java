package org.onedoor.terminal.voice;

import java.io.IOException;
import java.util.Map;
import org.tinylog.Logger;

/**
 * One lane's voice: its own thread plays the latest prompt asked for. A new prompt cuts the one playing; asking
 * only records the prompt and signals, so the lane that asks (right after its relay moved) never waits for sound.
 */
final class LaneVoice implements AutoCloseable {
    private final String lane;
    private final AudioOutput.Player player;
    private final Map<Prompt, Clip> clips;
    private final Map<Prompt, byte[]> samples;
    private final VoiceHealth health;
    private final Thread thread;
    /** The prompt waiting to be played, and when it was asked for; guarded by this. */
    private Prompt pending;
    private long askedNanos;
    private boolean closed;

    /** Runs on the voice thread before its first prompt; the device's probe, on one lane. */
    private final Runnable first;

    LaneVoice(String lane, AudioOutput.Player player, Map<Prompt, Clip> clips, Map<Prompt, byte[]> samples,
              VoiceHealth health, Runnable first) {
        this.lane = lane;
        this.first = first;
        this.player = player;
        this.clips = clips;
        this.samples = samples;
        this.health = health;
        this.thread = new Thread(this::run, "voice " + lane);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Plays {@code prompt} as soon as the voice thread can, cutting the one playing. Never blocks on sound. */
    void say(Prompt prompt) {
        long now = System.nanoTime();
        // Cut first: cutting after the hand-over could hit the new prompt's own process.
        player.cut();
        synchronized (this) {
            pending = prompt;
            askedNanos = now;
            notifyAll();
        }
    }

    private synchronized boolean superseded() {
        return pending != null || closed;
    }

    private void run() {
        first.run();
        while (true) {
            Prompt prompt;
            long asked;
            synchronized (this) {
                while (pending == null && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                prompt = pending;
                asked = askedNanos;
                pending = null;
            }
            play(prompt, asked);
        }
    }

    private void play(Prompt prompt, long asked) {
        try {
            boolean finished = player.play(prompt, clips.get(prompt), samples.get(prompt), this::superseded, () -> {
                long now = System.nanoTime();
                // t_ns on the GPIO trace's clock: the delay after the relay's own line can be read from both.
                Logger.debug("voice {}: {} started {} us after it was asked for (t_ns {})", lane, prompt.wireName(),
                        (now - asked) / 1000, now);
            });
            if (finished) {
                health.played();
            }
        } catch (IOException | RuntimeException e) {
            Logger.debug("voice {}: {} not played: {}", lane, prompt.wireName(), e.getMessage());
            health.failed(e.getMessage());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        player.cut();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
