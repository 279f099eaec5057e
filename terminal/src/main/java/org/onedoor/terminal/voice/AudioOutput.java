package org.onedoor.terminal.voice;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/** Where prompts are played: one {@link Player} per lane, so a lane's new prompt cuts only that lane's. */
public interface AudioOutput {
    Player player(String lane);

    /** Plays a moment of silence, to learn whether the device plays at all. */
    void probe() throws IOException;

    /** Plays one lane's prompts, one at a time, on that lane's voice thread. */
    interface Player {
        /**
         * Plays {@code samples} (16-bit little-endian PCM) and returns when they have played or {@link #cut()} or
         * {@code superseded} ended them.
         *
         * @param started told once the sound is on its way, for the start delay
         * @return true when the prompt played to its end: the device works; false when it was cut
         * @throws IOException when the device cannot play: missing, busy, broken
         */
        boolean play(Prompt prompt, Clip clip, byte[] samples, BooleanSupplier superseded, Runnable started)
                throws IOException;

        /** Ends the prompt playing, if any; from any thread. */
        void cut();
    }
}
