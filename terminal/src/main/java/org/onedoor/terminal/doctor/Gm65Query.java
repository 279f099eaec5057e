package org.onedoor.terminal.doctor;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.onedoor.drivers.serial.CommandChannel;
import org.onedoor.drivers.serial.Gm65Command;
import org.onedoor.drivers.serial.Gm65Reply;
import org.onedoor.drivers.serial.ModuleException;
import org.onedoor.drivers.serial.SerialLink;

/**
 * Asks a GM65-family module for its settings register and waits for a well-formed reply. Bytes
 * that are not the reply (a code scanned meanwhile) are dropped unseen: the doctor never shows or
 * keeps a scan.
 */
final class Gm65Query {
    static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final int SETTINGS_REGISTER = 0x0000;

    private Gm65Query() {
    }

    /** The reply's status byte, or empty when no reply came within {@link #TIMEOUT}. */
    static Optional<Integer> ask(SerialLink link) throws IOException, InterruptedException, ModuleException {
        link.write(Gm65Command.read(SETTINGS_REGISTER, 1));
        byte[] received = new byte[0];
        byte[] chunk = new byte[256];
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            int n = link.read(chunk);
            if (n == 0) {
                link.awaitInput(deadline - System.nanoTime());
                continue;
            }
            received = append(received, chunk, n);
            Optional<byte[]> reply = findReply(received);
            if (reply.isPresent()) {
                return Optional.of(Gm65Reply.parse(reply.get()).status());
            }
        }
        return Optional.empty();
    }

    private static Optional<byte[]> findReply(byte[] buf) {
        for (int start = 0; start < buf.length; start++) {
            int end = Gm65Reply.end(buf, start, buf.length);
            if (end > CommandChannel.ReplyFormat.NONE) {
                return Optional.of(Arrays.copyOfRange(buf, start, end));
            }
        }
        return Optional.empty();
    }

    private static byte[] append(byte[] head, byte[] tail, int n) {
        byte[] joined = Arrays.copyOf(head, head.length + n);
        System.arraycopy(tail, 0, joined, head.length, n);
        return joined;
    }
}
