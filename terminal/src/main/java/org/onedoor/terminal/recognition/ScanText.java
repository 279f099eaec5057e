package org.onedoor.terminal.recognition;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns a scanner frame into text, or rejects it as noise. Strict decoding: bytes that do not
 * decode in the lane's encoding, or that hold control characters, never reach a parser as
 * replacement characters.
 *
 * <p>{@link TextEncoding#AUTO} tries UTF-8 first: GBK's two-byte sequences (lead 0x81–0xFE, trail
 * 0x40–0xFE) are rarely valid UTF-8, while UTF-8 Chinese text is almost always valid GBK byte for
 * byte and would decode to the wrong characters — so the stricter encoding must be tried first.
 */
public final class ScanText {
    private static final Charset GBK = Charset.forName("GBK");

    private ScanText() {
    }

    public static Optional<String> decode(byte[] frame, TextEncoding encoding) {
        Optional<String> text = switch (encoding) {
            case UTF_8 -> strictly(frame, StandardCharsets.UTF_8);
            case GBK -> strictly(frame, GBK);
            case AUTO -> strictly(frame, StandardCharsets.UTF_8).or(() -> strictly(frame, GBK));
        };
        return text.filter(t -> !t.isEmpty() && !hasControl(t));
    }

    private static Optional<String> strictly(byte[] frame, Charset charset) {
        try {
            return Optional.of(charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(frame)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
                return true;
            }
        }
        return false;
    }
}
