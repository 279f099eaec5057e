package org.onedoor.drivers.testing;

import java.util.Comparator;
import java.util.List;

/**
 * Reads an SMS-SUBMIT PDU back, as a handset or a test would: written from TS 23.040 apart from the
 * encoder under test, so a round trip checks the encoder against the standard, not against itself.
 * Only what OneDoor sends is understood: an SMSC field, international or other numbers, UCS-2
 * (DCS 08) user data, an optional user data header with the 8-bit concatenation element.
 */
public final class SubmitPduReader {

    /**
     * One decoded PDU.
     *
     * @param number       destination digits as dialled, with {@code +} when the type is international
     * @param firstOctet   TP-MTI, flags and validity format
     * @param dcs          data coding scheme
     * @param validity     TP-VP (relative), or -1 when absent
     * @param reference    concatenation reference, or -1 when the PDU is not a part
     * @param part         this part's number (1-based), 1 when not a part
     * @param parts        the number of parts, 1 when not a part
     * @param text         the user data as UTF-16 code units, without the header
     * @param userDataOctets TP-UDL
     */
    public record Submit(String number, int firstOctet, int dcs, int validity, int reference, int part, int parts,
                         String text, int userDataOctets) {
    }

    private SubmitPduReader() {
    }

    public static Submit read(byte[] pdu) {
        int at = 1 + (pdu[0] & 0xFF);
        int first = pdu[at++] & 0xFF;
        if ((first & 0x03) != 0x01) {
            throw new IllegalArgumentException("not an SMS-SUBMIT: first octet " + Integer.toHexString(first));
        }
        at++; // TP-MR
        int digits = pdu[at++] & 0xFF;
        int type = pdu[at++] & 0xFF;
        StringBuilder number = new StringBuilder(type == 0x91 ? "+" : "");
        for (int i = 0; i < digits; i++) {
            int octet = pdu[at + i / 2] & 0xFF;
            number.append((char) ('0' + (i % 2 == 0 ? octet & 0x0F : octet >> 4)));
        }
        at += (digits + 1) / 2;
        at++; // TP-PID
        int dcs = pdu[at++] & 0xFF;
        int validity = -1;
        int vpf = (first >> 3) & 0x03;
        if (vpf == 0x02) {
            validity = pdu[at++] & 0xFF;
        } else if (vpf != 0) {
            at += 7;
        }
        int udl = pdu[at++] & 0xFF;
        if (at + udl != pdu.length) {
            throw new IllegalArgumentException("TP-UDL " + udl + " but " + (pdu.length - at) + " octets follow");
        }
        int reference = -1;
        int part = 1;
        int parts = 1;
        int textStart = at;
        if ((first & 0x40) != 0) {
            int udhl = pdu[at] & 0xFF;
            textStart = at + 1 + udhl;
            for (int ie = at + 1; ie < textStart; ) {
                int iei = pdu[ie] & 0xFF;
                int length = pdu[ie + 1] & 0xFF;
                if (iei == 0x00 && length == 3) {
                    reference = pdu[ie + 2] & 0xFF;
                    parts = pdu[ie + 3] & 0xFF;
                    part = pdu[ie + 4] & 0xFF;
                }
                ie += 2 + length;
            }
        }
        if (dcs != 0x08) {
            throw new IllegalArgumentException("only UCS-2 is read here; DCS " + dcs);
        }
        if ((pdu.length - textStart) % 2 != 0) {
            throw new IllegalArgumentException("UCS-2 user data of odd length");
        }
        StringBuilder text = new StringBuilder();
        for (int i = textStart; i < pdu.length; i += 2) {
            text.append((char) ((pdu[i] & 0xFF) << 8 | pdu[i + 1] & 0xFF));
        }
        return new Submit(number.toString(), first, dcs, validity, reference, part, parts, text.toString(), udl);
    }

    /** The whole text of one message's parts, joined by part number as a handset joins them. */
    public static String join(List<Submit> parts) {
        StringBuilder text = new StringBuilder();
        parts.stream().sorted(Comparator.comparingInt(Submit::part)).forEach(p -> text.append(p.text()));
        return text.toString();
    }
}
