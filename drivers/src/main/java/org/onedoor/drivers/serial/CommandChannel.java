package org.onedoor.drivers.serial;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The way a {@link ScannerProfile} talks to its module. Replies arrive in the same byte stream as
 * scans, so the channel takes out only the reply it waits for and hands every other byte to the
 * framer: a module that streams codes while it is configured loses none of them, and a reply never
 * reaches a parser as a scan.
 */
public interface CommandChannel {

    /** Finds a reply in received bytes. */
    @FunctionalInterface
    interface ReplyFormat {
        int NONE = 0;
        int INCOMPLETE = -1;

        /**
         * For the bytes {@code buf[start..len)}: the index just after a complete reply beginning at
         * {@code start}, {@link #INCOMPLETE} if they could still become one, {@link #NONE} if not.
         */
        int end(byte[] buf, int start, int len);
    }

    /**
     * Writes {@code command} and waits for its reply.
     *
     * @return the whole reply frame, or empty when none came within {@code timeout}
     * @throws IOException when the port is lost
     */
    Optional<byte[]> exchange(byte[] command, ReplyFormat format, Duration timeout)
            throws IOException, InterruptedException;
}
