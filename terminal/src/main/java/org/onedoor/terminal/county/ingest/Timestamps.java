package org.onedoor.terminal.county.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * An event's {@code ts} in epoch milliseconds. Terminals write {@code Instant.toString()}'s UTC form to the second or the
 * millisecond ({@code 2026-11-21T08:15:02.417Z}); that form is read here by hand, which costs a fraction of
 * {@link Instant#parse}. Any other text, including a date or time out of range, goes to {@link Instant#parse}, so what is
 * accepted, its value and the refusals are exactly {@link Instant#parse}'s.
 */
final class Timestamps {
    private static final int SECONDS_FORM = "2026-11-21T08:15:02Z".length();
    private static final int MILLIS_FORM = "2026-11-21T08:15:02.417Z".length();
    private static final long DAY_MS = 86_400_000L;

    private Timestamps() {
    }

    /** The instant's epoch milliseconds; throws as {@code Instant.parse(text).toEpochMilli()} does. */
    static long epochMillis(String text) {
        long fast = canonical(text);
        return fast >= 0 ? fast : Instant.parse(text).toEpochMilli();
    }

    /** The value of text in the terminals' form with an in-range date and time, else -1. */
    private static long canonical(String s) {
        int n = s.length();
        if ((n != SECONDS_FORM && n != MILLIS_FORM) || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return -1;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        int millis = 0;
        if (n == MILLIS_FORM) {
            if (s.charAt(19) != '.') {
                return -1;
            }
            millis = digits(s, 20, 3);
        }
        // 1970 on: the epoch millis are then never negative, which keeps -1 free to mean "not this form".
        if (year < 1970 || month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year))
                || hour > 23 || minute > 59 || second > 59 || millis < 0 || hour < 0 || minute < 0 || second < 0) {
            return -1;
        }
        return LocalDate.of(year, month, day).toEpochDay() * DAY_MS + ((hour * 60L + minute) * 60 + second) * 1000 + millis;
    }

    /** The decimal value of count ASCII digits from start, or -1 if any is not one. */
    private static int digits(String s, int start, int count) {
        int v = 0;
        for (int i = start; i < start + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
