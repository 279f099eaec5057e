package org.onedoor.terminal.enrollment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A venue's basic data as its administrator applies with it (申领) and as the county approves it; after approval
 * it no longer changes. The administrator's ID number is deliberately not part of it (docs/privacy.md).
 *
 * @param division the 12-digit statistical division code of the village or community (county + township + village)
 * @param lat      WGS-84 latitude in degrees, six decimals (about 0.1 m)
 * @param lon      WGS-84 longitude in degrees, six decimals
 */
public record VenueRecord(String name, String category, String division, String address, BigDecimal lat,
                          BigDecimal lon, String adminName, String adminMobile) {
    private static final Pattern DIVISION = Pattern.compile("[0-9]{12}");
    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
    /** Mainland China, with a margin: the extreme points are 3.8–53.6 N and 73.5–135.1 E. */
    private static final BigDecimal LAT_MIN = new BigDecimal("3.5");
    private static final BigDecimal LAT_MAX = new BigDecimal("54");
    private static final BigDecimal LON_MIN = new BigDecimal("73");
    private static final BigDecimal LON_MAX = new BigDecimal("136");

    /** A field's value that is not valid, with what is wrong; values are never quoted (some are personal). */
    public static final class InvalidFieldException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public InvalidFieldException(String message) {
            super(message);
        }
    }

    /** The venue's name as on its licence (机构证照全称). */
    public static String name(String raw) {
        return text(raw, 2, 64);
    }

    public static String category(String raw) {
        if (VenueCategories.find(raw).isEmpty()) {
            throw new InvalidFieldException("must be one of the venue categories of docs/county.md, such as "
                    + "shopping/market; got " + printable(raw));
        }
        return raw;
    }

    /** @param county the terminal's 6-digit county code, which the division must start with */
    public static String division(String raw, String county) {
        if (!DIVISION.matcher(raw).matches()) {
            throw new InvalidFieldException("must be the 12-digit division code of the village or community "
                    + "(county, township, village), got " + printable(raw));
        }
        if (county != null && !raw.startsWith(county)) {
            throw new InvalidFieldException("must be within the county " + county + ", got " + raw);
        }
        return raw;
    }

    public static String address(String raw) {
        return text(raw, 4, 128);
    }

    public static BigDecimal latitude(double raw) {
        return coordinate(raw, LAT_MIN, LAT_MAX, "latitude");
    }

    public static BigDecimal longitude(double raw) {
        return coordinate(raw, LON_MIN, LON_MAX, "longitude");
    }

    public static String adminName(String raw) {
        return text(raw, 2, 32);
    }

    /** An 11-digit mainland mobile number; the message never repeats it. */
    public static String adminMobile(String raw) {
        if (!MOBILE.matcher(raw).matches()) {
            throw new InvalidFieldException("must be an 11-digit mainland mobile number (1[3-9] and 9 digits), got "
                    + raw.length() + " characters");
        }
        return raw;
    }

    /** An entrance's name: what its poster says, unique within the venue. */
    public static String entrance(String raw) {
        return text(raw, 1, 32);
    }

    /** Every field checked again, as the county must for a message from the network: the problems, or none. */
    public List<String> problems(String county) {
        List<String> problems = new ArrayList<>();
        check(problems, "name", () -> name(name));
        check(problems, "category", () -> category(category));
        check(problems, "division", () -> division(division, county));
        check(problems, "address", () -> address(address));
        check(problems, "lat", () -> latitude(lat.doubleValue()));
        check(problems, "lon", () -> longitude(lon.doubleValue()));
        check(problems, "admin_name", () -> adminName(adminName));
        check(problems, "admin_mobile", () -> adminMobile(adminMobile));
        return problems;
    }

    /** Whether the two are the same venue as the county approves it (name, category, place). */
    public boolean sameBasicData(VenueRecord other) {
        return name.equals(other.name) && category.equals(other.category) && division.equals(other.division)
                && address.equals(other.address) && lat.compareTo(other.lat) == 0 && lon.compareTo(other.lon) == 0;
    }

    private static void check(List<String> problems, String field, Runnable validation) {
        try {
            validation.run();
        } catch (IllegalArgumentException e) {
            problems.add(field + " " + e.getMessage());
        }
    }

    /** Printed text: no control character (a signed form is built of lines), no tab, no surrounding space. */
    private static String text(String raw, int min, int max) {
        int length = raw.codePointCount(0, raw.length());
        if (length < min || length > max) {
            throw new InvalidFieldException("must be " + min + " to " + max + " characters long, got " + length);
        }
        if (raw.codePoints().anyMatch(Character::isISOControl) || !raw.strip().equals(raw)) {
            throw new InvalidFieldException("must be printed text, without control characters or surrounding spaces");
        }
        return raw;
    }

    private static BigDecimal coordinate(double raw, BigDecimal min, BigDecimal max, String what) {
        if (!Double.isFinite(raw)) {
            throw new InvalidFieldException("must be a " + what + " in degrees");
        }
        BigDecimal value = BigDecimal.valueOf(raw).setScale(6, RoundingMode.HALF_EVEN);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new InvalidFieldException("must be a WGS-84 " + what + " within China (" + min + " to " + max
                    + " degrees), got " + value.toPlainString());
        }
        return value;
    }

    private static String printable(String raw) {
        return raw.length() <= 40 && raw.codePoints().noneMatch(Character::isISOControl) ? "\"" + raw + "\""
                : "a text of " + raw.length() + " characters";
    }
}
