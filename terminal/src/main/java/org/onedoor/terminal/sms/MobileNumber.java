package org.onedoor.terminal.sms;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A mainland China mobile number as a venue administrator registers it: 11 digits, {@code 1[3-9]}
 * and nine more. {@link #toString()} masks it ({@code 138****8000}), so a log line or a recorded
 * outcome never carries the whole number by accident.
 */
public final class MobileNumber {
    private static final Pattern MAINLAND_MOBILE = Pattern.compile("1[3-9][0-9]{9}");

    private final String digits;

    private MobileNumber(String digits) {
        this.digits = digits;
    }

    /** Whether {@code value} is such a number, written as {@link #parse} takes it. */
    public static boolean isMainlandMobile(String value) {
        return MAINLAND_MOBILE.matcher(value).matches();
    }

    /** @throws IllegalArgumentException naming {@code value} when it is not such a number */
    public static MobileNumber parse(String value) {
        Objects.requireNonNull(value, "number");
        if (!isMainlandMobile(value)) {
            throw new IllegalArgumentException("\"" + value + "\" is not an 11-digit mainland mobile number"
                    + " (1, then 3-9, then 9 digits; no +86, spaces or dashes)");
        }
        return new MobileNumber(value);
    }

    /**
     * Every number of a configured list, in order.
     *
     * @throws IllegalArgumentException naming the first bad or repeated one and its position (from 1)
     */
    public static List<MobileNumber> parseAll(List<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("at least one number is needed");
        }
        List<MobileNumber> numbers = new ArrayList<>(values.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            try {
                numbers.add(parse(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("number " + (i + 1) + ": " + e.getMessage(), e);
            }
            if (!seen.add(value)) {
                throw new IllegalArgumentException("number " + (i + 1) + ": \"" + value + "\" is listed twice");
            }
        }
        return List.copyOf(numbers);
    }

    /** International format without {@code +}, as the PDU's destination address takes it. */
    public String international() {
        return "86" + digits;
    }

    public String masked() {
        return digits.substring(0, 3) + "****" + digits.substring(7);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MobileNumber other && digits.equals(other.digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }

    @Override
    public String toString() {
        return masked();
    }
}
