package org.onedoor.terminal.enrollment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the county checks in a request before it may be approved; each problem is a line a person can act on. */
public final class RequestCheck {
    private RequestCheck() {
    }

    /**
     * @param county   the county whose topic the request came on
     * @param terminal the terminal whose topic it came on
     * @return the problems, none for a request that may be approved
     */
    public static List<String> problems(EnrollmentRequest r, String county, String terminal) {
        List<String> problems = new ArrayList<>();
        if (!r.county().equals(county) || !r.terminal().equals(terminal)) {
            problems.add("county and terminal are not those of its topic");
        }
        problems.addAll(r.venue().problems(county));
        if (r.entrances().isEmpty()) {
            problems.add("no entrance");
        }
        Set<String> seen = new HashSet<>();
        for (String entrance : r.entrances()) {
            try {
                VenueRecord.entrance(entrance);
            } catch (IllegalArgumentException e) {
                problems.add("entrance " + e.getMessage());
            }
            if (!seen.add(entrance)) {
                problems.add("duplicate entrance name " + entrance);
            }
        }
        r.venueId().filter(id -> !VenueCodes.isVenueId(id)).ifPresent(id -> problems.add("venue_id is not a venue id"));
        return problems;
    }
}
