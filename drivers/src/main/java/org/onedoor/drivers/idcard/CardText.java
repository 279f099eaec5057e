package org.onedoor.drivers.idcard;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Optional;

/**
 * What OneDoor takes from a card's read answer: the ID number and the end of the card's validity, nothing
 * else. The text is UCS-2 little-endian in fixed fields (FIELD-NOTES, "Resident ID-card readers"); the name,
 * sex, nation, birth date, address, issuing authority and the photo are never decoded, only skipped.
 */
public final class CardText {
    /** Text length and photo length, two bytes each, before the text. */
    static final int LENGTHS = 4;
    static final int TEXT_BYTES = 256;
    static final int ID_OFFSET = 122;
    static final int ID_CHARS = 18;
    static final int VALID_TO_OFFSET = 204;
    static final int DATE_CHARS = 8;
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);

    private CardText() {
    }

    /**
     * The ID number and validity end in the data of a successful read answer.
     *
     * @throws BadFrameException when the lengths inside the answer do not add up to the answer
     */
    public static CardRead extract(byte[] data) throws BadFrameException {
        if (data.length < LENGTHS) {
            throw new BadFrameException("read answer of " + data.length + " data bytes has no lengths");
        }
        int textLength = (data[0] & 0xFF) << 8 | data[1] & 0xFF;
        int photoLength = (data[2] & 0xFF) << 8 | data[3] & 0xFF;
        if (textLength != TEXT_BYTES || LENGTHS + textLength + photoLength != data.length) {
            throw new BadFrameException("read answer of " + data.length + " data bytes announces text " + textLength
                    + " and photo " + photoLength);
        }
        String idNumber = ucs2(data, LENGTHS + ID_OFFSET, ID_CHARS).strip();
        return new CardRead(idNumber, validTo(ucs2(data, LENGTHS + VALID_TO_OFFSET, DATE_CHARS)));
    }

    /**
     * Empty for a card without an end ({@code 长期}) and for a date that is no date: a broken field must not
     * turn a person away, and the number's own check still stands.
     */
    private static Optional<LocalDate> validTo(String field) {
        try {
            return Optional.of(LocalDate.parse(field, YYYYMMDD));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static String ucs2(byte[] data, int offset, int chars) {
        return new String(data, offset, chars * 2, StandardCharsets.UTF_16LE);
    }
}
