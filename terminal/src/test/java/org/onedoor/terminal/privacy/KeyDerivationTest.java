package org.onedoor.terminal.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeyDerivationTest {
    /** The master key 00 01 02 … 1f. */
    private static final byte[] MASTER = HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    /**
     * Expected keys computed outside Java, e.g.
     * {@code printf 'onedoor/v1/terminal-key\n430124\nt-0001' | openssl dgst -sha256 -mac HMAC -macopt hexkey:0001…1f}.
     */
    @Test
    void derivedKeysMatchVectorsComputedWithOpenssl() {
        assertEquals("14173bdf73f7a498bbfb4172fb80cfca28f0bb3ff7c902c472ed0486df7a9acc",
                hex(KeyDerivation.terminalKey(MASTER, "430124", "t-0001")));
        assertEquals("5e2d110b50918b582f5160d91fec8a391a83cbf1594f307be2ae5996ab6744ba",
                hex(KeyDerivation.terminalKey(MASTER, "430124", "t-0002")));
        assertEquals("644bad5383a7250c7ff42a7f5c0653d772cfe22884f3ca20d17f3b5100a94802",
                hex(KeyDerivation.riskListKey(MASTER, "430124", 1)));
        assertEquals("b108578ddd88792ff502a71b5168b1f73714fb8c3be71011277768cdd82e47e6",
                hex(KeyDerivation.riskListKey(MASTER, "430124", 2)));
    }

    /**
     * The thief of terminal 1's card holds K_T1 and its entries. Enumerating a plausible population
     * of ID numbers re-identifies every entry of terminal 1, and none of terminal 2's; the county,
     * holding the master key, links the same person on both terminals.
     */
    @Test
    void aStolenTerminalKeyDoesNotMatchAnotherTerminalsPseudonyms() {
        List<String> population = idNumbers("430124", LocalDate.of(1990, 1, 1), 40);
        List<String> visitors = List.of(population.get(17), population.get(4242), population.get(9001));
        Pseudonymizer terminal1 = new Pseudonymizer(KeyDerivation.terminalKey(MASTER, "430124", "t-0001"));
        Pseudonymizer terminal2 = new Pseudonymizer(KeyDerivation.terminalKey(MASTER, "430124", "t-0002"));
        List<String> entries1 = visitors.stream().map(terminal1::pseudonym).toList();
        List<String> entries2 = visitors.stream().map(terminal2::pseudonym).toList();

        Map<String, String> dictionary = new HashMap<>();
        population.forEach(id -> dictionary.put(terminal1.pseudonym(id), id));
        long started = System.nanoTime();
        population.forEach(terminal1::pseudonym); // again, warm, for the rate an attacker gets
        long perSecond = population.size() * 1_000_000_000L / (System.nanoTime() - started);
        assertEquals(visitors, entries1.stream().map(dictionary::get).toList(), "the stolen key re-identifies its own entries");
        assertTrue(entries2.stream().noneMatch(dictionary::containsKey),
                "the stolen key must not re-identify another terminal's entries");

        Pseudonymizer countyViewOf2 = new Pseudonymizer(KeyDerivation.terminalKey(MASTER, "430124", "t-0002"));
        assertEquals(entries2, visitors.stream().map(countyViewOf2::pseudonym).toList(), "the county links across terminals");
        System.out.println("KeyDerivationTest: enumerated " + population.size() + " ID numbers against a stolen terminal key, "
                + perSecond + " per second on one core");
    }

    @Test
    void keysDifferPerCountyTerminalAndEpoch() {
        assertTrue(!hex(KeyDerivation.terminalKey(MASTER, "430124", "t-0001"))
                .equals(hex(KeyDerivation.terminalKey(MASTER, "430125", "t-0001"))));
        assertTrue(!hex(KeyDerivation.riskListKey(MASTER, "430124", 1))
                .equals(hex(KeyDerivation.riskListKey(MASTER, "430125", 1))));
        assertEquals(32, KeyDerivation.riskListKey(MASTER, "430124", 0).length);
    }

    @Test
    void ambiguousOrInvalidInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> KeyDerivation.terminalKey(MASTER, "430124\nx", "t"));
        assertThrows(IllegalArgumentException.class, () -> KeyDerivation.terminalKey(MASTER, "430124", "t\n1"));
        assertThrows(IllegalArgumentException.class, () -> KeyDerivation.terminalKey(MASTER, "430124", ""));
        assertThrows(IllegalArgumentException.class, () -> KeyDerivation.riskListKey(MASTER, "430124", -1));
        assertThrows(IllegalArgumentException.class, () -> KeyDerivation.riskListKey(new byte[16], "430124", 1));
    }

    /** Valid 18-character resident ID numbers (GB 11643, ISO 7064 MOD 11-2 check character). */
    private static List<String> idNumbers(String area, LocalDate firstBirthday, int days) {
        DateTimeFormatter yyyymmdd = DateTimeFormatter.BASIC_ISO_DATE;
        return java.util.stream.IntStream.range(0, days).boxed()
                .flatMap(d -> java.util.stream.IntStream.range(0, 1000)
                        .mapToObj(seq -> area + firstBirthday.plusDays(d).format(yyyymmdd) + String.format("%03d", seq)))
                .map(body -> body + checkCharacter(body))
                .toList();
    }

    private static char checkCharacter(String body17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body17.charAt(i) - '0') * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
