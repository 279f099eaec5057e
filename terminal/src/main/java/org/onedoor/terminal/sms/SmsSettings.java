package org.onedoor.terminal.sms;

import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How alerts become text messages.
 *
 * @param numbers         the venue administrators' numbers; each gets every message
 * @param types           the alert types worth a message
 * @param maxPerHour      messages to one number in any hour, at most; the rest are summarised
 * @param attempts        tries per message before it is given up
 * @param firstRetryDelay the wait before the second try, doubling before each further one
 * @param queueCapacity   alerts waiting for the modem, at most; beyond it an alert is reported failed
 * @param zone            the time zone the texts show times in ({@code [terminal] time_zone})
 */
public record SmsSettings(List<MobileNumber> numbers, Set<String> types, int maxPerHour, int attempts,
                          Duration firstRetryDelay, int queueCapacity, ZoneId zone) {
    public static final Set<String> DEFAULT_TYPES = Set.of("red_code", "yellow_code");
    public static final int DEFAULT_MAX_PER_HOUR = 10;
    public static final int DEFAULT_ATTEMPTS = 3;
    public static final Duration DEFAULT_FIRST_RETRY_DELAY = Duration.ofSeconds(10);
    public static final int DEFAULT_QUEUE_CAPACITY = 32;
    /** The outcomes' own alert types: texting them would feed a failing modem its own failures. */
    private static final String OWN_TYPES_PREFIX = "sms_";

    public SmsSettings {
        numbers = List.copyOf(numbers);
        types = Set.copyOf(types);
        if (numbers.isEmpty() || new HashSet<>(numbers).size() != numbers.size()) {
            throw new IllegalArgumentException("SMS needs at least one number, each once");
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("SMS needs at least one alert type");
        }
        for (String type : types) {
            if (type.startsWith(OWN_TYPES_PREFIX) || type.equals(SmsOutcome.SUMMARY)) {
                throw new IllegalArgumentException("alert type " + type + " is the SMS notifier's own");
            }
        }
        if (maxPerHour < 1 || attempts < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("max per hour, attempts and queue capacity must be at least 1");
        }
        if (firstRetryDelay.isNegative() || firstRetryDelay.isZero()) {
            throw new IllegalArgumentException("the retry delay must be positive");
        }
    }
}
