package org.onedoor.terminal.poster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entrance and its venue code, the text exactly as the province issued it (一门一码).
 *
 * @param name      the entrance's name as the venue's register spells it, e.g. 东门
 * @param venueCode the code's text, encoded into the QR code unchanged
 */
public record Entrance(String name, String venueCode) {
    public Entrance {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an entrance needs a name");
        }
        if (venueCode == null || venueCode.isEmpty()) {
            throw new IllegalArgumentException("entrance " + name + " has no venue code");
        }
    }

    /**
     * One entrance per name, in first-seen order: the lanes of one entrance share its poster.
     *
     * @throws IllegalArgumentException when two lanes of one entrance name different codes
     */
    public static List<Entrance> distinct(List<Entrance> lanes) {
        Map<String, Entrance> byName = new LinkedHashMap<>();
        for (Entrance e : lanes) {
            Entrance seen = byName.putIfAbsent(e.name(), e);
            if (seen != null && !seen.venueCode().equals(e.venueCode())) {
                throw new IllegalArgumentException("entrance " + e.name()
                        + " has two different venue codes; one entrance has one code");
            }
        }
        return new ArrayList<>(byName.values());
    }
}
