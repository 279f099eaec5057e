package org.onedoor.terminal.enrollment;

import java.security.SecureRandom;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Venue codes and venue ids as the county assigns them. A code is 8 characters of Crockford's base 32 (digits and
 * capitals without I, L, O, U: nothing to misread when it is read out over the phone), random, so a code says
 * nothing about its venue and cannot be guessed from its neighbours; 40 bits make a clash rare, and the county
 * still checks every new code against the codes it has given. The poster's QR carries
 * {@code {prefix}{county}/{code}}, with the prefix {@value #DEFAULT_QR_PREFIX} unless the county's health-code
 * service gives venue codes a web address ({@code county approve --qr-prefix https://…/v/}).
 */
public final class VenueCodes {
    public static final String DEFAULT_QR_PREFIX = "onedoor:venue/";
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final Pattern CODE = Pattern.compile("[0-9A-HJKMNP-TV-Z]{8}");
    private static final Pattern VENUE_ID = Pattern.compile("v[0-9]{4,6}");
    private final SecureRandom random = new SecureRandom();

    /** A new code that is not in {@code used}. */
    public String newCode(Set<String> used) {
        while (true) {
            StringBuilder code = new StringBuilder(8);
            for (int i = 0; i < 8; i++) {
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            if (!used.contains(code.toString())) {
                return code.toString();
            }
        }
    }

    /** The next venue id of the county: {@code v0001}, {@code v0002}, … after the highest in {@code used}. */
    public static String nextVenueId(Set<String> used) {
        int highest = used.stream().filter(id -> VENUE_ID.matcher(id).matches())
                .mapToInt(id -> Integer.parseInt(id.substring(1))).max().orElse(0);
        return String.format(java.util.Locale.ROOT, "v%04d", highest + 1);
    }

    public static boolean isCode(String text) {
        return CODE.matcher(text).matches();
    }

    public static boolean isVenueId(String text) {
        return VENUE_ID.matcher(text).matches();
    }

    public static String qrText(String prefix, String county, String code) {
        return prefix + county + "/" + code;
    }
}
