package org.onedoor.terminal.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class MobileNumberTest {

    @Test
    void acceptsMainlandMobiles() {
        List<MobileNumber> numbers = MobileNumber.parseAll(List.of("13800138000", "19912345678", "14700000001"));

        assertEquals("8613800138000", numbers.get(0).international());
        assertEquals("199****5678", numbers.get(1).masked());
        assertEquals("147****0001", numbers.get(2).toString());
    }

    @Test
    void namesTheBadNumberAndWhereItIs() {
        for (String bad : List.of("1380013800", "138001380000", "12800138000", "23800138000", "+8613800138000",
                "138 0013 8000", "138-0013-8000", "1380013800O", "", "１３８００１３８０００")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MobileNumber.parseAll(List.of("13800138000", bad)), bad);
            assertEquals("number 2: \"" + bad + "\" is not an 11-digit mainland mobile number"
                    + " (1, then 3-9, then 9 digits; no +86, spaces or dashes)", e.getMessage());
        }
    }

    @Test
    void refusesARepeatAndAnEmptyList() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> MobileNumber.parseAll(List.of("13800138000", "13912345678", "13800138000")));
        assertEquals("number 3: \"13800138000\" is listed twice", twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MobileNumber.parseAll(List.of()));
    }
}
