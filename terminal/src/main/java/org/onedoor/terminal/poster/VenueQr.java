package org.onedoor.terminal.poster;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;

/**
 * The QR code of a venue code's text, at error correction level H: a laminated poster at a door
 * gets scratched, stained and photographed at an angle, and H still reads with 30% of it lost.
 */
final class VenueQr {
    /** Modules of white around the code, as the QR standard asks. */
    static final int QUIET_ZONE = 4;

    private VenueQr() {
    }

    /**
     * The code's modules, {@code true} for dark, without the quiet zone.
     *
     * @throws IllegalArgumentException when the text does not fit in a QR code at level H
     */
    static boolean[][] modules(Entrance entrance) {
        String text = entrance.venueCode();
        ByteMatrix matrix;
        try {
            matrix = Encoder.encode(text, ErrorCorrectionLevel.H, hints(text)).getMatrix();
        } catch (WriterException e) {
            throw new IllegalArgumentException("the venue code of " + entrance.name() + " ("
                    + text.getBytes(StandardCharsets.UTF_8).length
                    + " bytes) does not fit in a QR code at error correction level H: " + e.getMessage(), e);
        }
        boolean[][] dark = new boolean[matrix.getHeight()][matrix.getWidth()];
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                dark[y][x] = matrix.get(x, y) == 1;
            }
        }
        return dark;
    }

    /**
     * ASCII text (a provincial URL) is encoded as is; other text as UTF-8, which adds an ECI marker
     * that some older readers mishandle, so it is used only when needed.
     */
    private static Map<EncodeHintType, Object> hints(String text) {
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
            hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        }
        return hints;
    }
}
