package org.onedoor.drivers.modem;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One SMS-SUBMIT PDU as {@code AT+CMGS} takes it in PDU mode: an SMSC field, here always the single
 * octet {@code 00} (use the SIM's service centre), followed by the TPDU.
 */
public final class SubmitPdu {
    private final byte[] octets;

    SubmitPdu(byte[] octets) {
        this.octets = octets.clone();
    }

    public byte[] octets() {
        return octets.clone();
    }

    /** What {@code AT+CMGS=<length>} counts: the TPDU's octets, without the SMSC field. */
    public int tpduLength() {
        return octets.length - 1 - (octets[0] & 0xFF);
    }

    /** The PDU as the modem reads it after the prompt: upper-case hex, two digits per octet. */
    public String hex() {
        return HexFormat.of().withUpperCase().formatHex(octets);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubmitPdu other && Arrays.equals(octets, other.octets);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(octets);
    }

    /** The length only: the octets hold a phone number. */
    @Override
    public String toString() {
        return "SubmitPdu[" + tpduLength() + " octets]";
    }
}
