package org.onedoor.drivers.idcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.onedoor.drivers.testing.IdCardEmulator;

/** A read answer as the emulator (written from the notes) sends it: only the number and the end come out. */
class CardTextTest {
    private static final String ID = "43012419900307123X";

    @Test
    void takesTheNumberAndTheEndOnly() throws BadFrameException {
        CardRead read = CardText.extract(readData(IdCardEmulator.Card.of(ID, "20360307")));
        assertEquals(ID, read.idNumber());
        assertEquals(Optional.of(LocalDate.of(2036, 3, 7)), read.validTo());
        assertFalse(read.toString().contains(ID), "a read's text form leaks its number");
    }

    @Test
    void aCardWithoutAnEndHasNone() throws BadFrameException {
        assertEquals(Optional.empty(), CardText.extract(readData(IdCardEmulator.Card.of(ID, "长期"))).validTo());
        assertEquals(Optional.empty(), CardText.extract(readData(IdCardEmulator.Card.of(ID, "20361340"))).validTo());
    }

    @Test
    void lengthsThatDoNotAddUpAreRefused() {
        byte[] data = readData(IdCardEmulator.Card.of(ID, "20360307"));
        assertThrows(BadFrameException.class, () -> CardText.extract(Arrays.copyOf(data, data.length - 1)));
        byte[] wrongText = data.clone();
        wrongText[1] = (byte) 0xFF;
        assertThrows(BadFrameException.class, () -> CardText.extract(wrongText));
        assertThrows(BadFrameException.class, () -> CardText.extract(new byte[3]));
    }

    /** The data of a read answer: the emulator's frame without header, status words and check. */
    static byte[] readData(IdCardEmulator.Card card) {
        byte[] text = card.text();
        byte[] data = new byte[4 + text.length + 1024];
        data[0] = (byte) (text.length >> 8);
        data[1] = (byte) text.length;
        data[2] = 0x04;
        System.arraycopy(text, 0, data, 4, text.length);
        return data;
    }
}
