package org.onedoor.drivers.idcard;

/**
 * One response of the module. {@code data} is the card's content for a read: the caller clears it as soon as
 * it has taken what it needs.
 *
 * @param sw3 the status that matters: {@link #SUCCESS}, {@link #CARD_FOUND}, {@link #NO_CARD}, …
 */
public record SamResponse(int sw1, int sw2, int sw3, byte[] data) {
    public static final int SUCCESS = 0x90;
    public static final int CARD_FOUND = 0x9F;
    public static final int NO_CARD = 0x80;
    public static final int SELECT_FAILED = 0x81;
    public static final int READ_FAILED = 0x41;

    /** The status words only: the data may be a card's text. */
    @Override
    public String toString() {
        return String.format("SamResponse[%02X %02X %02X, %d data bytes]", sw1, sw2, sw3, data.length);
    }
}
