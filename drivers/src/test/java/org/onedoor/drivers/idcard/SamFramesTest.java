package org.onedoor.drivers.idcard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.onedoor.drivers.serial.CommandChannel.ReplyFormat;

/** The frames of FIELD-NOTES ("Resident ID-card readers") replayed through the parser, whole and damaged. */
class SamFramesTest {
    private static final HexFormat HEX = HexFormat.ofDelimiter(" ");

    private static byte[] hex(String text) {
        return HEX.parseHex(text);
    }

    @Test
    void commandsAreTheRecordedOnes() {
        assertArrayEquals(hex("AA AA AA 96 69 00 03 20 01 22"), SamFrames.FIND);
        assertArrayEquals(hex("AA AA AA 96 69 00 03 20 02 21"), SamFrames.SELECT);
        assertArrayEquals(hex("AA AA AA 96 69 00 03 30 01 32"), SamFrames.READ);
    }

    @Test
    void recordedAnswersParse() throws BadFrameException {
        byte[] found = hex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97");
        assertEquals(found.length, SamFrames.end(found, 0, found.length));
        SamResponse f = SamFrames.parse(found);
        assertEquals(SamResponse.CARD_FOUND, f.sw3());
        assertEquals(4, f.data().length);
        byte[] none = hex("AA AA AA 96 69 00 04 00 00 80 84");
        assertEquals(SamResponse.NO_CARD, SamFrames.parse(none).sw3());
        assertEquals(0, SamFrames.parse(none).data().length);
    }

    @Test
    void aFrameIsCutOutOfNoiseAndWaitedForWhenPartial() {
        byte[] none = hex("AA AA AA 96 69 00 04 00 00 80 84");
        byte[] noisy = new byte[none.length + 3];
        noisy[0] = 0x13;
        noisy[1] = (byte) 0xAA;
        System.arraycopy(none, 0, noisy, 2, none.length);
        assertEquals(ReplyFormat.NONE, SamFrames.end(noisy, 0, noisy.length));
        assertEquals(ReplyFormat.NONE, SamFrames.end(noisy, 1, noisy.length)); // AA then AA AA 96: not a preamble
        assertEquals(2 + none.length, SamFrames.end(noisy, 2, noisy.length));
        for (int cut = 1; cut < none.length; cut++) {
            assertEquals(ReplyFormat.INCOMPLETE, SamFrames.end(none, 0, cut), "cut at " + cut);
        }
    }

    @Test
    void aBadCheckIsRefused() {
        byte[] found = hex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 96");
        assertThrows(BadFrameException.class, () -> SamFrames.parse(found));
    }

    @Test
    void impossibleLengthsAreNoFrame() {
        assertEquals(ReplyFormat.NONE, SamFrames.end(hex("AA AA AA 96 69 00 03 00 00"), 0, 9));
        assertEquals(ReplyFormat.NONE, SamFrames.end(hex("AA AA AA 96 69 FF FF 00 00"), 0, 9));
        byte[] truncated = hex("AA AA AA 96 69 00 08 00 00 9F 00");
        assertThrows(BadFrameException.class, () -> SamFrames.parse(truncated));
    }

    /** Every single-bit flip of a recorded answer is either refused or still the same answer. */
    @Test
    void everyBitFlipIsCaught() {
        byte[] found = hex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97");
        for (int bit = 0; bit < found.length * 8; bit++) {
            byte[] flipped = found.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            int end = SamFrames.end(flipped, 0, flipped.length);
            if (end == flipped.length) {
                assertThrows(BadFrameException.class, () -> SamFrames.parse(flipped), "bit " + bit);
            }
        }
    }

    /** Random bytes never throw anything but the parser's own refusal, and never claim more than they hold. */
    @Test
    void randomBytesAreHarmless() {
        Random random = new Random(14);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(40)];
            random.nextBytes(junk);
            if (random.nextBoolean() && junk.length >= 7) {
                System.arraycopy(hex("AA AA AA 96 69"), 0, junk, 0, 5);
            }
            int end = SamFrames.end(junk, 0, junk.length);
            if (end > 0) {
                assertEquals(true, end <= junk.length);
                try {
                    SamFrames.parse(Arrays.copyOf(junk, end));
                } catch (BadFrameException expected) {
                    // refused: fine
                }
            }
        }
    }
}
