package org.onedoor.drivers.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.onedoor.drivers.testing.SubmitPduReader;
import org.onedoor.drivers.testing.SubmitPduReader.Submit;

class PduEncoderTest {
    private static final PduEncoder DAY = new PduEncoder(Duration.ofHours(24));
    private static final String MOBILE = "8613800138000";

    /**
     * python-gsmmodem's test suite (test/test_pdu.py, test_encodeSmsSubmit) encodes "世界您好！" to
     * +123456789 with a 52-week validity as
     * {@code 07914400000000F0 1100099121436587F90008F40A4E16754C60A8597DFF01}; its first 8 octets name
     * an explicit SMSC (+44000000000). With the SIM's own SMSC ({@code 00}) the TPDU must be the same.
     */
    @Test
    void matchesAPublishedUcs2Pdu() {
        List<SubmitPdu> pdus = new PduEncoder(Duration.ofDays(7 * 52)).encode("123456789", "世界您好！", 0);

        assertEquals(List.of("00" + "1100099121436587F90008F40A4E16754C60A8597DFF01"), hex(pdus));
        assertEquals(23, pdus.get(0).tpduLength());
    }

    /** Address fields from the same suite (TestSmsPduAddressFields): +27829135934 and +9876543210. */
    @Test
    void encodesAddressesAsPublished() {
        assertEquals("0B917228195339F4", HexFormat.of().withUpperCase().formatHex(PduEncoder.address("27829135934")));
        assertEquals("0A918967452301", HexFormat.of().withUpperCase().formatHex(PduEncoder.address("9876543210")));
    }

    /** Relative validity from the same suite (TestRelativeValidityPeriod), plus one day = A7. */
    @Test
    void encodesRelativeValidityAsPublished() {
        assertEquals(5, PduEncoder.relativeValidity(Duration.ofMinutes(30)));
        assertEquals(151, PduEncoder.relativeValidity(Duration.ofHours(16)));
        assertEquals(169, PduEncoder.relativeValidity(Duration.ofDays(3)));
        assertEquals(197, PduEncoder.relativeValidity(Duration.ofDays(35)));
        assertEquals(0xA7, PduEncoder.relativeValidity(Duration.ofHours(24)));
        assertThrows(IllegalArgumentException.class, () -> PduEncoder.relativeValidity(Duration.ofMinutes(4)));
    }

    /**
     * Derived by hand from TS 23.040: 00 (SIM's SMSC) | 11 (SMS-SUBMIT, relative validity) | 00 (TP-MR,
     * set by the modem) | 0D 91 (13 digits, international) | 68 31 08 10 83 00 F0 (8613800138000 as
     * swapped semi-octets) | 00 (PID) | 08 (UCS-2) | A7 (24 h) | 48 (72 octets = 36 characters) | the
     * characters' code points as big-endian 16-bit units (【 3010, O 004F, … 东 4E1C, 门 95E8, 红 7EA2,
     * 码 7801, 拒 62D2, 绝 7EDD, 入 5165, 场 573A, …).
     */
    @Test
    void encodesAMainlandAlert() {
        String text = "【OneDoor】东门 红码 拒绝入场 2026-11-21 08:15";

        List<SubmitPdu> pdus = DAY.encode(MOBILE, text, 0);

        assertEquals(List.of("0011000D91683108108300F0" + "0008A748"
                + "3010004F006E00650044006F006F007230114E1C95E800207EA27801002062D27EDD5165573A0020"
                + "0032003000320036002D00310031002D00320031002000300038003A00310035"), hex(pdus));
        Submit read = SubmitPduReader.read(pdus.get(0).octets());
        assertEquals("+8613800138000", read.number());
        assertEquals(text, read.text());
        assertEquals(-1, read.reference());
    }

    /**
     * 71 units need two parts, 67 + 4. By hand: first octet 51 (UDHI set); UDL 8C = 6 header octets
     * + 134; header 05 | 00 03 (concatenation, 8-bit reference) | 2A (reference) | 02 (parts) | 01 (this
     * part); then 4E2D ("中") 67 times. The second part: UDL 0E = 6 + 8, part 02, four units.
     */
    @Test
    void cutsALongTextIntoConcatenatedParts() {
        List<SubmitPdu> pdus = DAY.encode(MOBILE, "中".repeat(71), 0x2A);

        assertEquals(List.of(
                "0051000D91683108108300F00008A78C" + "0500032A0201" + "4E2D".repeat(67),
                "0051000D91683108108300F00008A70E" + "0500032A0202" + "4E2D".repeat(4)), hex(pdus));
        assertEquals(15 + 140, pdus.get(0).tpduLength(), "15 header octets and full user data");
    }

    @Test
    void seventyUnitsStayOneMessage() {
        List<SubmitPdu> pdus = DAY.encode(MOBILE, "中".repeat(70), 0);

        assertEquals(1, pdus.size());
        Submit read = SubmitPduReader.read(pdus.get(0).octets());
        assertEquals(140, read.userDataOctets());
        assertEquals(0x11, read.firstOctet());
    }

    /** "🚨" is the pair D83D DEA8; at units 67–68 it would straddle the cut, so part one ends at 66. */
    @Test
    void neverSplitsASurrogatePair() {
        String text = "中".repeat(66) + "🚨" + "门".repeat(10);

        List<Submit> parts = read(DAY.encode(MOBILE, text, 7));

        assertEquals(2, parts.size());
        assertEquals(66, parts.get(0).text().length());
        assertEquals("🚨" + "门".repeat(10), parts.get(1).text());
        assertEquals(text, SubmitPduReader.join(parts));
    }

    @Test
    void aPairThatFitsStaysInItsPart() {
        String text = "中".repeat(65) + "🚨" + "门".repeat(10);

        List<Submit> parts = read(DAY.encode(MOBILE, text, 7));

        assertEquals(67, parts.get(0).text().length());
        assertTrue(parts.get(0).text().endsWith("🚨"));
        assertEquals(text, SubmitPduReader.join(parts));
    }

    /** Random mixes of ASCII, Chinese and emoji, short and long, survive the round trip intact. */
    @Test
    void roundTripsRandomTexts() {
        Random random = new Random(20261121);
        String[] alphabet = {"a", "Z", "7", " ", "-", "东", "门", "红", "码", "【", "】", "🚨", "😀", "𠀀"};
        for (int run = 0; run < 2000; run++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(run % 10 == 0 ? 2000 : 160);
            while (text.length() < length) {
                text.append(alphabet[random.nextInt(alphabet.length)]);
            }
            int reference = random.nextInt(256);

            List<SubmitPdu> pdus = DAY.encode(MOBILE, text.toString(), reference);
            List<Submit> parts = read(pdus);

            assertEquals(text.toString(), SubmitPduReader.join(parts), "run " + run);
            for (int i = 0; i < parts.size(); i++) {
                Submit part = parts.get(i);
                assertEquals("+" + MOBILE, part.number());
                assertTrue(part.userDataOctets() <= 140, "user data fits one SMS");
                assertFalse(Character.isLowSurrogate(part.text().charAt(0)), "no part starts inside a pair");
                assertEquals(pdus.get(i).octets().length - 1, pdus.get(i).tpduLength());
                if (parts.size() > 1) {
                    assertEquals(reference, part.reference());
                    assertEquals(parts.size(), part.parts());
                    assertEquals(i + 1, part.part());
                }
            }
            assertEquals(text.length() <= PduEncoder.SINGLE_UNITS, parts.size() == 1);
        }
    }

    @Test
    void refusesWhatItCannotSend() {
        assertThrows(IllegalArgumentException.class, () -> DAY.encode("+8613800138000", "x", 0));
        assertThrows(IllegalArgumentException.class, () -> DAY.encode(MOBILE, "", 0));
        assertThrows(IllegalArgumentException.class, () -> DAY.encode(MOBILE, "x", 256));
        assertThrows(IllegalArgumentException.class, () -> DAY.encode(MOBILE, "中".repeat(67 * 255 + 1), 0));
        assertEquals(255, DAY.encode(MOBILE, "中".repeat(67 * 255), 0).size());
    }

    @Test
    void describesItselfWithoutTheNumber() {
        SubmitPdu pdu = DAY.encode(MOBILE, "x", 0).get(0);

        assertFalse(pdu.toString().contains("683108"));
        assertEquals("SubmitPdu[17 octets]", pdu.toString());
    }

    private static List<String> hex(List<SubmitPdu> pdus) {
        return pdus.stream().map(SubmitPdu::hex).toList();
    }

    private static List<Submit> read(List<SubmitPdu> pdus) {
        return pdus.stream().map(p -> SubmitPduReader.read(p.octets())).toList();
    }
}
