package org.onedoor.drivers.idcard;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.onedoor.drivers.serial.SerialLink;

/**
 * Asks a module once whether a card lies on it, for {@code onedoor doctor}: a find, never a select or a read,
 * so a check never reads anyone's card.
 */
public final class SamProbe {
    private static final long POLL_MS = 5;

    private SamProbe() {
    }

    /** The find answer's status ({@code SW3}), or empty when no well-formed answer came within {@code timeout}. */
    public static Optional<Integer> find(SerialLink link, Duration timeout) throws IOException, InterruptedException {
        link.write(SamFrames.FIND);
        byte[] received = new byte[SamFrames.HEADER + SamFrames.MAX_LENGTH];
        int length = 0;
        byte[] chunk = new byte[256];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            int n = link.read(chunk);
            if (n == 0) {
                Thread.sleep(POLL_MS);
                continue;
            }
            if (length + n > received.length) {
                length = 0; // more than any answer: what is held is none
            }
            System.arraycopy(chunk, 0, received, length, n);
            length += n;
            for (int start = 0; start < length; start++) {
                int end = SamFrames.end(received, start, length);
                if (end > 0) {
                    try {
                        return Optional.of(SamFrames.parse(Arrays.copyOfRange(received, start, end)).sw3());
                    } catch (BadFrameException e) {
                        return Optional.empty();
                    }
                }
            }
        }
        return Optional.empty();
    }
}
