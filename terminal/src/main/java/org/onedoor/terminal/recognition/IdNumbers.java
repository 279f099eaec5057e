package org.onedoor.terminal.recognition;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Optional;

/**
 * The citizen identity number of GB 11643-1999: a 6-digit region code, the birth date ({@code YYYYMMDD}), a
 * 3-digit order code and a check character, ISO 7064 MOD 11-2 over the first 17 digits. Only the form is
 * checked: whether the region code is still in the register is not, since old cards keep the codes of
 * regions that have been merged or renamed.
 */
public final class IdNumbers {
    public static final int LENGTH = 18;
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final String CHECK_CHARS = "10X98765432";
    /** Nobody alive was born before this; a date before it is a misread. */
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1880, 1, 1);
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("uuuuMMdd")
            .withResolverStyle(ResolverStyle.STRICT);

    private IdNumbers() {
    }

    /**
     * The number in its one written form (upper-case {@code X}) when it passes every check; empty otherwise.
     *
     * @param today the birth date may not lie after it
     */
    public static Optional<String> check(String number, LocalDate today) {
        if (number == null || number.length() != LENGTH) {
            return Optional.empty();
        }
        String upper = number.toUpperCase(Locale.ROOT);
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            char c = upper.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        if (upper.charAt(LENGTH - 1) != CHECK_CHARS.charAt(sum % 11)) {
            return Optional.empty();
        }
        if (upper.charAt(0) < '1' || upper.charAt(0) > '8' || !realBirthDate(upper.substring(6, 14), today)) {
            return Optional.empty();
        }
        return Optional.of(upper);
    }

    private static boolean realBirthDate(String text, LocalDate today) {
        try {
            LocalDate birth = LocalDate.parse(text, YYYYMMDD);
            return !birth.isBefore(EARLIEST_BIRTH) && !birth.isAfter(today);
        } catch (DateTimeException e) {
            return false;
        }
    }
}
