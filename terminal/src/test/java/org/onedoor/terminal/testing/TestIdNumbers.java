package org.onedoor.terminal.testing;

/** Made-up citizen ID numbers with a correct GB 11643 check character, written out here, not taken from the code. */
public final class TestIdNumbers {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

    private TestIdNumbers() {
    }

    /** Region 430124 (Ningxiang, Hunan), born {@code yyyymmdd}, order {@code order} (0–999). */
    public static String of(String yyyymmdd, int order) {
        return withCheck("430124" + yyyymmdd + String.format("%03d", order));
    }

    /** The 17 digits with their check character. */
    public static String withCheck(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    /** The same number with a wrong check character. */
    public static String withWrongCheck(String valid) {
        char check = valid.charAt(17);
        return valid.substring(0, 17) + (check == '0' ? '1' : '0');
    }
}
