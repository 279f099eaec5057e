package org.onedoor.terminal.enrollment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The county's answer to a terminal's request, signed with the county's enrollment key and published retained on
 * {@code {root}/{county}/enroll/{terminal}/approval}; docs/schemas/enroll-approval.json. An approval binds the
 * terminal's id and device key, assigns the venue id and lists every approved entrance with its code (a later
 * approval lists the earlier entrances too); a rejection carries the reason and nothing else.
 */
public record EnrollmentAnswer(Decision decision, String county, String terminal, String deviceKey,
                               Optional<String> venueId, Optional<VenueRecord> venue, List<EntranceCode> entrances,
                               String approver, Instant decidedAt, Optional<String> reason) {
    public enum Decision {
        APPROVED, REJECTED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public EnrollmentAnswer {
        entrances = List.copyOf(entrances);
        decidedAt = decidedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    public static EnrollmentAnswer approval(EnrollmentRequest request, String venueId, VenueRecord venue,
                                            List<EntranceCode> entrances, String approver, Instant decidedAt) {
        return new EnrollmentAnswer(Decision.APPROVED, request.county(), request.terminal(), request.deviceKey(),
                Optional.of(venueId), Optional.of(venue), entrances, approver, decidedAt, Optional.empty());
    }

    public static EnrollmentAnswer rejection(EnrollmentRequest request, String approver, Instant decidedAt,
                                             String reason) {
        return new EnrollmentAnswer(Decision.REJECTED, request.county(), request.terminal(), request.deviceKey(),
                Optional.empty(), Optional.empty(), List.of(), approver, decidedAt, Optional.of(reason));
    }

    public boolean approved() {
        return decision == Decision.APPROVED;
    }

    public Optional<EntranceCode> entrance(String name) {
        return entrances.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
