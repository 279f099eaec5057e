package org.onedoor.drivers.serial;

import java.util.Arrays;

/**
 * A GM65 reply: {@code 02 00 | status | len | data | CRC hi | CRC lo}, the CRC (XMODEM) over
 * status..data. Status 00 is success, 01 a CRC error in the command, 03 an invalid command.
 *
 * @param data the data bytes (a write or save answers one byte, 00)
 */
public record Gm65Reply(int status, byte[] data) {
    public static final int OK = 0x00;
    /** {@code 02 00 status len}: the bytes before the data. */
    static final int HEADER_BYTES = 4;

    /**
     * Where a reply that begins at {@code start} ends, for {@link CommandChannel#exchange}: the
     * index after its CRC; {@link CommandChannel.ReplyFormat#INCOMPLETE} when the bytes so far could
     * begin one; {@link CommandChannel.ReplyFormat#NONE} when they cannot.
     */
    public static int end(byte[] buf, int start, int len) {
        if (buf[start] != 0x02 || start + 1 < len && buf[start + 1] != 0x00) {
            return CommandChannel.ReplyFormat.NONE;
        }
        if (start + HEADER_BYTES > len) {
            return CommandChannel.ReplyFormat.INCOMPLETE;
        }
        int end = start + HEADER_BYTES + (buf[start + 3] & 0xFF) + 2;
        return end > len ? CommandChannel.ReplyFormat.INCOMPLETE : end;
    }

    /** Checks the CRC of a whole reply frame, as found by {@link #end}. */
    public static Gm65Reply parse(byte[] frame) throws ModuleException {
        int crcAt = frame.length - 2;
        int expected = Crc16Xmodem.of(frame, 2, crcAt - 2);
        int actual = (frame[crcAt] & 0xFF) << 8 | frame[crcAt + 1] & 0xFF;
        if (expected != actual) {
            throw new ModuleException("gm65 reply with a bad CRC");
        }
        return new Gm65Reply(frame[2] & 0xFF, Arrays.copyOfRange(frame, HEADER_BYTES, crcAt));
    }
}
