package org.onedoor.terminal.doctor;

import java.io.IOException;
import java.security.KeyPair;
import java.util.Optional;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.enrollment.AnswerCheck;
import org.onedoor.terminal.enrollment.DeviceKeys;
import org.onedoor.terminal.enrollment.EnrollmentAnswer;
import org.onedoor.terminal.enrollment.EnrollmentStore;
import org.onedoor.terminal.enrollment.InvalidEnrollmentException;
import org.onedoor.terminal.risklist.SigningKeys;

/** Where the venue's enrollment stands (docs/county.md): approved, pending, or rejected with the county's reason. */
final class EnrollmentCheck implements Check {
    static final String NAME = "enrollment";
    private final TerminalConfig config;

    EnrollmentCheck(TerminalConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding run() {
        var settings = config.enrollment().orElseThrow();
        KeyPair device;
        try {
            device = DeviceKeys.read(settings.deviceKey());
        } catch (IOException e) {
            return Finding.fail(NAME, "device key: " + e.getMessage() + " (onedoor keygen --device "
                    + settings.deviceKey() + ")");
        }
        String fingerprint = DeviceKeys.fingerprint(SigningKeys.publicKeyText(device.getPublic()));
        var t = config.terminal();
        AnswerCheck check = new AnswerCheck(settings.countyKey(), t.county(), t.id(),
                SigningKeys.publicKeyText(device.getPublic()));
        EnrollmentStore store = new EnrollmentStore(t.dataDir());
        try {
            Optional<EnrollmentAnswer> approval = verified(check, store.approvalBytes());
            Optional<EnrollmentAnswer> rejection = verified(check, store.rejectionBytes());
            if (rejection.isPresent() && approval.map(a -> a.decidedAt().isBefore(rejection.get().decidedAt()))
                    .orElse(true)) {
                return Finding.warn(NAME, "the county rejected the request: " + rejection.get().reason().orElse("")
                        + approval.map(a -> " (venue " + a.venueId().orElseThrow() + " stays approved)").orElse(""));
            }
            if (approval.isPresent()) {
                return Finding.ok(NAME, "approved as venue " + approval.get().venueId().orElseThrow() + " with "
                        + approval.get().entrances().size() + " entrance(s) by " + approval.get().approver()
                        + "; device key sha256 " + fingerprint);
            }
            return Finding.warn(NAME, "not approved yet: the gate decides as configured and every event says "
                    + "enrolled false (onedoor enroll; device key sha256 " + fingerprint + ")");
        } catch (IOException | InvalidEnrollmentException e) {
            return Finding.fail(NAME, "the stored answer is refused: " + e.getMessage());
        }
    }

    private static Optional<EnrollmentAnswer> verified(AnswerCheck check, Optional<byte[]> bytes)
            throws InvalidEnrollmentException {
        return bytes.isEmpty() ? Optional.empty() : Optional.of(check.accept(bytes.get(), Optional.empty()));
    }
}
