package org.onedoor.drivers.modem;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds SMS-SUBMIT PDUs (3GPP TS 23.040 §9.2.2.2) whose text is UCS-2 (data coding scheme
 * {@code 08}), so Chinese arrives intact on every handset. A text of up to {@value #SINGLE_UNITS}
 * UTF-16 code units is one message; a longer one is cut into parts of at most
 * {@value #PART_UNITS} units, each carrying a user data header with the concatenation element
 * (IEI {@code 00}, 8-bit reference), which handsets use to join the parts again. A surrogate pair
 * (an emoji) is never cut: a part ends one unit early rather than split it.
 *
 * <p>Every PDU names the SIM's own service centre (SMSC field {@code 00}), lets the modem set the
 * message reference ({@code TP-MR 00}), asks for no status report, and carries a relative validity
 * period.
 */
public final class PduEncoder {
    /** UCS-2 units in a single message: 140 octets of user data. */
    public static final int SINGLE_UNITS = 70;
    /** UCS-2 units in one part of a concatenated message: 140 octets less the 6-octet header. */
    public static final int PART_UNITS = 67;
    public static final int MAX_PARTS = 255;

    private static final int SMS_SUBMIT = 0x01;
    private static final int VP_RELATIVE = 0x10;
    private static final int UDH_PRESENT = 0x40;
    private static final int INTERNATIONAL_ISDN = 0x91;
    private static final int PROTOCOL_PLAIN = 0x00;
    private static final int DCS_UCS2 = 0x08;
    private static final int IEI_CONCAT_8BIT = 0x00;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");

    private final int validityPeriod;

    /** @param validity how long the service centre keeps trying to deliver; 5 minutes to 63 weeks */
    public PduEncoder(Duration validity) {
        this.validityPeriod = relativeValidity(validity);
    }

    /**
     * The PDUs that carry {@code text} to {@code internationalNumber}, in the order to send them.
     *
     * @param internationalNumber the number in international format without {@code +}, e.g.
     *                            {@code 8613800138000}
     * @param reference           the concatenation reference (0–255) shared by the parts; unused for
     *                            a single message
     */
    public List<SubmitPdu> encode(String internationalNumber, String text, int reference) {
        if (!DIGITS.matcher(internationalNumber).matches()) {
            throw new IllegalArgumentException("a destination number is 1 to 20 digits");
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an SMS needs a text");
        }
        if (reference < 0 || reference > 0xFF) {
            throw new IllegalArgumentException("concatenation reference " + reference + " is not 0-255");
        }
        byte[] address = address(internationalNumber);
        if (text.length() <= SINGLE_UNITS) {
            return List.of(pdu(address, null, text));
        }
        List<String> parts = split(text);
        if (parts.size() > MAX_PARTS) {
            throw new IllegalArgumentException("a text of " + text.length() + " units needs " + parts.size()
                    + " parts; at most " + MAX_PARTS);
        }
        List<SubmitPdu> pdus = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            byte[] header = {5, IEI_CONCAT_8BIT, 3, (byte) reference, (byte) parts.size(), (byte) (i + 1)};
            pdus.add(pdu(address, header, parts.get(i)));
        }
        return pdus;
    }

    /** Cuts a long text into parts of at most {@link #PART_UNITS} units, never inside a surrogate pair. */
    static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(start + PART_UNITS, text.length());
            if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))
                    && Character.isLowSurrogate(text.charAt(end))) {
                end--;
            }
            parts.add(text.substring(start, end));
            start = end;
        }
        return parts;
    }

    private SubmitPdu pdu(byte[] address, byte[] header, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(176);
        out.write(0x00);
        out.write(SMS_SUBMIT | VP_RELATIVE | (header != null ? UDH_PRESENT : 0));
        out.write(0x00);
        out.writeBytes(address);
        out.write(PROTOCOL_PLAIN);
        out.write(DCS_UCS2);
        out.write(validityPeriod);
        int headerLength = header != null ? header.length : 0;
        out.write(headerLength + 2 * text.length());
        if (header != null) {
            out.writeBytes(header);
        }
        // Code units, not code points: UCS-2 on the air is UTF-16BE in practice, and handsets show
        // a surrogate pair as the emoji it encodes.
        for (int i = 0; i < text.length(); i++) {
            char unit = text.charAt(i);
            out.write(unit >> 8);
            out.write(unit & 0xFF);
        }
        return new SubmitPdu(out.toByteArray());
    }

    /** TP-DA: digit count, type of address, then the digits as swapped semi-octets padded with F. */
    static byte[] address(String digits) {
        byte[] field = new byte[2 + (digits.length() + 1) / 2];
        field[0] = (byte) digits.length();
        field[1] = (byte) INTERNATIONAL_ISDN;
        for (int i = 0; i < digits.length(); i += 2) {
            int low = digits.charAt(i) - '0';
            int high = i + 1 < digits.length() ? digits.charAt(i + 1) - '0' : 0xF;
            field[2 + i / 2] = (byte) (high << 4 | low);
        }
        return field;
    }

    /** TP-VP, relative format (TS 23.040 §9.2.3.12.1), rounded up to the next step the format can say. */
    static int relativeValidity(Duration validity) {
        long minutes = (validity.toSeconds() + 59) / 60;
        if (minutes < 5 || validity.compareTo(Duration.ofDays(7 * 63)) > 0) {
            throw new IllegalArgumentException("validity " + validity + " is not between 5 minutes and 63 weeks");
        }
        if (minutes <= 12 * 60) {
            return (int) ceilDiv(minutes, 5) - 1;
        }
        if (minutes <= 24 * 60) {
            return 143 + (int) ceilDiv(minutes - 12 * 60, 30);
        }
        if (minutes <= 30 * 24 * 60) {
            return 166 + (int) ceilDiv(minutes, 24 * 60);
        }
        return 192 + (int) ceilDiv(minutes, 7 * 24 * 60);
    }

    private static long ceilDiv(long x, long y) {
        return (x + y - 1) / y;
    }
}
