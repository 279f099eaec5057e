package org.onedoor.terminal.command;

import java.util.regex.Pattern;

/**
 * The one terminal a command is for. It is signed with the command, so a command for one terminal
 * cannot be replayed on another, also not one of the same venue.
 *
 * @param county   the 6-digit division code
 * @param venue    the venue id, an MQTT topic level
 * @param terminal the terminal id, an MQTT topic level
 */
public record Target(String county, String venue, String terminal) {
    private static final Pattern COUNTY = Pattern.compile("[0-9]{6}");
    private static final Pattern TOPIC_LEVEL = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** @throws IllegalArgumentException when a part is not as the configuration allows it */
    public Target {
        if (!isCounty(county) || !isTopicLevel(venue) || !isTopicLevel(terminal)) {
            throw new IllegalArgumentException("a target is a 6-digit county code and two topic levels"
                    + " (1 to 64 letters, digits, '-' or '_')");
        }
    }

    static boolean isCounty(String s) {
        return s != null && COUNTY.matcher(s).matches();
    }

    static boolean isTopicLevel(String s) {
        return s != null && TOPIC_LEVEL.matcher(s).matches();
    }

    @Override
    public String toString() {
        return county + "/" + venue + "/" + terminal;
    }
}
