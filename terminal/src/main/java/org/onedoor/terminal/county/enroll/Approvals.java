package org.onedoor.terminal.county.enroll;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.onedoor.terminal.enrollment.EnrollmentAnswer;
import org.onedoor.terminal.enrollment.EnrollmentRequest;
import org.onedoor.terminal.enrollment.EntranceCode;
import org.onedoor.terminal.enrollment.VenueCodes;
import org.onedoor.terminal.enrollment.VenueRecord;

/**
 * The county's answer to one pending request (审核). The venue id: the one the request names (added entrances),
 * else the one given, else the approved venue of the same name in the same village (a second terminal of a venue
 * joins it), else the next free id. A venue's basic data is the first approval's, for good. Each entrance keeps
 * its code once given (the lanes of another terminal at the same door share it); a new entrance gets a new code,
 * unique among every code the broker's approvals hold.
 */
public final class Approvals {
    private final VenueCodes codes;

    public Approvals(VenueCodes codes) {
        this.codes = codes;
    }

    /**
     * @param venueId   the venue to approve into, empty to let the county's rules choose
     * @param qrPrefix  what the posters' QR text starts with ({@link VenueCodes#qrText})
     * @throws IllegalArgumentException when the request has problems, or names a venue that is not approved
     */
    public EnrollmentAnswer approve(EnrollmentBook book, String terminal, Optional<String> venueId, String approver,
                                    String qrPrefix, Instant now) {
        EnrollmentBook.Application app = pending(book, terminal);
        EnrollmentRequest request = app.request().orElseThrow();
        var venues = book.venues();
        String id = request.venueId().or(() -> venueId).or(() -> venues.values().stream()
                .filter(v -> v.record().name().equals(request.venue().name())
                        && v.record().division().equals(request.venue().division()))
                .map(EnrollmentBook.Venue::id).findFirst()).orElseGet(() -> VenueCodes.nextVenueId(venues.keySet()));
        if ((request.venueId().isPresent() || venueId.isPresent()) && !venues.containsKey(id)) {
            throw new IllegalArgumentException("venue " + id + " is not an approved venue of the county");
        }
        if (app.approval().isPresent() && !app.approval().get().venueId().orElseThrow().equals(id)) {
            throw new IllegalArgumentException(terminal + " is approved for venue "
                    + app.approval().get().venueId().orElseThrow() + "; a terminal does not change venues");
        }
        VenueRecord record = Optional.ofNullable(venues.get(id)).map(EnrollmentBook.Venue::record)
                .orElse(request.venue());
        Set<String> used = new TreeSet<>(book.usedCodes());
        List<EntranceCode> entrances = new ArrayList<>(app.approval().map(EnrollmentAnswer::entrances)
                .orElse(List.of()));
        for (String name : request.entrances()) {
            if (entrances.stream().anyMatch(e -> e.name().equals(name))) {
                continue;
            }
            EntranceCode given = Optional.ofNullable(venues.get(id)).map(v -> v.entrances().get(name)).orElse(null);
            if (given == null) {
                String code = codes.newCode(used);
                used.add(code);
                given = new EntranceCode(name, code, VenueCodes.qrText(qrPrefix, request.county(), code));
            }
            entrances.add(given);
        }
        return EnrollmentAnswer.approval(request, id, record, entrances, approver, now);
    }

    /** @throws IllegalArgumentException when the request is not one the county may answer */
    public static EnrollmentAnswer reject(EnrollmentBook book, String terminal, String approver, String reason,
                                          Instant now) {
        if (reason.isBlank() || reason.codePoints().anyMatch(Character::isISOControl) || reason.length() > 200) {
            throw new IllegalArgumentException("the reason must be one line of at most 200 characters");
        }
        EnrollmentBook.Application app = book.application(terminal).filter(a -> a.request().isPresent())
                .orElseThrow(() -> new IllegalArgumentException("no readable request of " + terminal + " on the broker"));
        return EnrollmentAnswer.rejection(app.request().get(), approver, now, reason.strip());
    }

    private static EnrollmentBook.Application pending(EnrollmentBook book, String terminal) {
        EnrollmentBook.Application app = book.application(terminal).orElseThrow(() -> new IllegalArgumentException(
                "no request of " + terminal + " on the broker"));
        if (!app.problems().isEmpty() || app.request().isEmpty()) {
            throw new IllegalArgumentException("the request of " + terminal + " has problems and cannot be approved: "
                    + String.join("; ", app.problems()));
        }
        if (app.state() == EnrollmentBook.State.APPROVED) {
            throw new IllegalArgumentException(terminal + " is approved already, with every entrance it applied for");
        }
        return app;
    }
}
