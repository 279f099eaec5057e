package org.onedoor.drivers.idcard;

import java.util.Arrays;

import org.onedoor.drivers.serial.CommandChannel.ReplyFormat;

/**
 * The frames of an ID-card security module (SAM, GA 467): {@code AA AA AA 96 69}, a two-byte big-endian
 * length of what follows (the check included), the body, and a check byte that is the XOR of every byte from
 * the length to the last body byte. Every received byte is hostile: a frame is only taken when its preamble,
 * its length and its check all hold.
 */
public final class SamFrames {
    static final byte[] PREAMBLE = {(byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0x96, 0x69};
    /** Preamble and the two length bytes. */
    static final int HEADER = PREAMBLE.length + 2;
    /** SW1 SW2 SW3 and the check: the shortest response. */
    static final int MIN_LENGTH = 4;
    /** The longest answer known is text, photo and fingerprint (about 2.3 KB); more is a corrupt length. */
    static final int MAX_LENGTH = 4096;

    /** Find card ({@code 20 01}), select card ({@code 20 02}), read text and photo ({@code 30 01}). */
    static final byte[] FIND = command(0x20, 0x01);
    static final byte[] SELECT = command(0x20, 0x02);
    static final byte[] READ = command(0x30, 0x01);

    private SamFrames() {
    }

    /** A request frame: preamble, length, command, parameter, check. */
    public static byte[] command(int cmd, int para) {
        byte[] frame = Arrays.copyOf(PREAMBLE, HEADER + 3);
        frame[PREAMBLE.length] = 0x00;
        frame[PREAMBLE.length + 1] = 0x03;
        frame[HEADER] = (byte) cmd;
        frame[HEADER + 1] = (byte) para;
        frame[HEADER + 2] = xor(frame, PREAMBLE.length, HEADER + 2);
        return frame;
    }

    /**
     * Where a response frame starting at {@code start} ends, as {@link ReplyFormat#end} answers: {@code NONE}
     * when the bytes there are no frame's beginning or carry an impossible length. The check is not looked at
     * here: a frame of the right length with a wrong check is cut out whole, then refused by {@link #parse}.
     */
    static int end(byte[] buf, int start, int len) {
        for (int i = 0; i < PREAMBLE.length; i++) {
            if (start + i >= len) {
                return ReplyFormat.INCOMPLETE;
            }
            if (buf[start + i] != PREAMBLE[i]) {
                return ReplyFormat.NONE;
            }
        }
        if (start + HEADER > len) {
            return ReplyFormat.INCOMPLETE;
        }
        int length = (buf[start + PREAMBLE.length] & 0xFF) << 8 | buf[start + PREAMBLE.length + 1] & 0xFF;
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return ReplyFormat.NONE;
        }
        int end = start + HEADER + length;
        return end <= len ? end : ReplyFormat.INCOMPLETE;
    }

    /**
     * The status words and data of one whole response frame (as cut by {@link #end}).
     *
     * @throws BadFrameException when the length or the check does not hold
     */
    public static SamResponse parse(byte[] frame) throws BadFrameException {
        if (end(frame, 0, frame.length) != frame.length) {
            throw new BadFrameException("frame of " + frame.length + " bytes does not match its length field");
        }
        int last = frame.length - 1;
        if (xor(frame, PREAMBLE.length, last) != frame[last]) {
            throw new BadFrameException("frame of " + frame.length + " bytes fails its XOR check");
        }
        return new SamResponse(frame[HEADER] & 0xFF, frame[HEADER + 1] & 0xFF, frame[HEADER + 2] & 0xFF,
                Arrays.copyOfRange(frame, HEADER + 3, last));
    }

    /** The XOR of {@code bytes[from..to)}. */
    static byte xor(byte[] bytes, int from, int to) {
        byte check = 0;
        for (int i = from; i < to; i++) {
            check ^= bytes[i];
        }
        return check;
    }
}
