package org.onedoor.terminal.enrollment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A terminal's application for its venue's codes (申领), signed with its device key and published retained on
 * {@code {root}/{county}/enroll/{terminal}/request}; docs/schemas/enroll-request.json.
 *
 * @param venueId   empty for a first application; the approved venue's id when the request only adds entrances
 * @param entrances the entrances applied for: all of them the first time, only the new ones later
 * @param deviceKey the terminal's Ed25519 device public key, base64 of its X.509 form
 */
public record EnrollmentRequest(String county, String terminal, Optional<String> venueId, VenueRecord venue,
                                List<String> entrances, String deviceKey, Instant requestedAt) {
    public EnrollmentRequest {
        entrances = List.copyOf(entrances);
        requestedAt = requestedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** The same request at another time: what makes enrolling twice a no-op when nothing else changed. */
    public boolean sameApplication(EnrollmentRequest other) {
        return county.equals(other.county) && terminal.equals(other.terminal) && venueId.equals(other.venueId)
                && venue.equals(other.venue) && entrances.equals(other.entrances) && deviceKey.equals(other.deviceKey);
    }
}
