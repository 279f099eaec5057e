package org.onedoor.terminal.enrollment;

/**
 * One approved entrance (一门一码) and its venue code.
 *
 * @param code the venue code: 8 characters of Crockford's base 32, unique in the county ({@link VenueCodes})
 * @param qr   the text the entrance's poster QR carries ({@link VenueCodes#qrText})
 */
public record EntranceCode(String name, String code, String qr) {
}
