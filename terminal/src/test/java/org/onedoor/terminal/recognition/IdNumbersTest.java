package org.onedoor.terminal.recognition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.testing.TestIdNumbers;

/** GB 11643-1999: the check character, the birth date and the region code. */
class IdNumbersTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

    @Test
    void theStandardsExampleAndMadeUpNumbersPass() {
        // The worked example of GB 11643-1999 (Beijing, born 1949-12-31): check character X.
        assertEquals(Optional.of("11010519491231002X"), IdNumbers.check("11010519491231002X", TODAY));
        assertEquals(Optional.of("11010519491231002X"), IdNumbers.check("11010519491231002x", TODAY), "upper-case X");
        for (int order = 0; order < 1000; order += 7) {
            String number = TestIdNumbers.of("19900307", order);
            assertEquals(Optional.of(number), IdNumbers.check(number, TODAY), number);
        }
    }

    @Test
    void aWrongCheckCharacterFails() {
        for (int order = 0; order < 1000; order += 7) {
            String number = TestIdNumbers.of("19900307", order);
            assertTrue(IdNumbers.check(TestIdNumbers.withWrongCheck(number), TODAY).isEmpty(), number);
        }
    }

    @Test
    void theBirthDateMustBeReal() {
        assertTrue(IdNumbers.check(TestIdNumbers.of("19900230", 1), TODAY).isEmpty(), "30 February");
        assertTrue(IdNumbers.check(TestIdNumbers.of("19901301", 1), TODAY).isEmpty(), "month 13");
        assertTrue(IdNumbers.check(TestIdNumbers.of("20270101", 1), TODAY).isEmpty(), "born after today");
        assertTrue(IdNumbers.check(TestIdNumbers.of("18791231", 1), TODAY).isEmpty(), "born before 1880");
        assertTrue(IdNumbers.check(TestIdNumbers.of("20000229", 1), TODAY).isPresent(), "a leap day");
    }

    @Test
    void theRegionCodeAndTheFormMustHold() {
        assertTrue(IdNumbers.check(TestIdNumbers.withCheck("00000019900307123"), TODAY).isEmpty(), "region 000000");
        assertTrue(IdNumbers.check(TestIdNumbers.withCheck("93012419900307123"), TODAY).isEmpty(), "no province 9x");
        String valid = TestIdNumbers.of("19900307", 123);
        assertTrue(IdNumbers.check(valid.substring(0, 17), TODAY).isEmpty(), "17 characters");
        assertTrue(IdNumbers.check(valid + "1", TODAY).isEmpty(), "19 characters");
        assertTrue(IdNumbers.check("4301241990030712 " + valid.charAt(17), TODAY).isEmpty(), "a space");
        assertTrue(IdNumbers.check("43012419900307123Ｘ", TODAY).isEmpty(), "a full-width X");
        assertTrue(IdNumbers.check("X30124199003071234", TODAY).isEmpty(), "X not last");
        assertTrue(IdNumbers.check(null, TODAY).isEmpty());
    }
}
