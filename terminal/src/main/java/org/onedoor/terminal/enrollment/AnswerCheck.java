package org.onedoor.terminal.enrollment;

import java.security.PublicKey;
import java.util.Optional;

/**
 * Whether an answer from the broker is this terminal's: signed by the county's enrollment key, for this county and
 * terminal id, bound to this terminal's device key, and not older than the answer already held (a replayed old
 * approval must not take entrances away).
 */
public final class AnswerCheck {
    private final PublicKey countyKey;
    private final String county;
    private final String terminal;
    private final String deviceKey;

    public AnswerCheck(PublicKey countyKey, String county, String terminal, String deviceKey) {
        this.countyKey = countyKey;
        this.county = county;
        this.terminal = terminal;
        this.deviceKey = deviceKey;
    }

    /**
     * @param held the approval stored, if any
     * @throws InvalidEnrollmentException why the answer is refused; it names no field's value
     */
    public EnrollmentAnswer accept(byte[] payload, Optional<EnrollmentAnswer> held) throws InvalidEnrollmentException {
        EnrollmentAnswer a = EnrollmentMessages.readAnswer(payload, countyKey);
        if (!a.county().equals(county)) {
            throw new InvalidEnrollmentException("it is for another county");
        }
        if (!a.terminal().equals(terminal)) {
            throw new InvalidEnrollmentException("it is for another terminal");
        }
        if (!a.deviceKey().equals(deviceKey)) {
            throw new InvalidEnrollmentException("it binds another device key");
        }
        if (held.isPresent() && a.approved() && a.decidedAt().isBefore(held.get().decidedAt())) {
            throw new InvalidEnrollmentException("it is older than the answer held");
        }
        if (held.isPresent() && a.approved() && !held.get().venueId().equals(a.venueId())) {
            throw new InvalidEnrollmentException("it moves the terminal to another venue");
        }
        return a;
    }
}
