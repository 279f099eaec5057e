package org.onedoor.terminal.doctor;

import java.io.IOException;
import java.util.Optional;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.enrollment.DeviceKeys;
import org.onedoor.terminal.enrollment.EnrolledTerminal;
import org.onedoor.terminal.enrollment.EnrollmentAnswer;

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
        var t = config.terminal();
        EnrolledTerminal enrolled;
        try {
            enrolled = EnrolledTerminal.read(t.dataDir(), settings.countyKey(), t.county(), t.id(),
                    settings.deviceKey());
        } catch (IOException e) {
            return Finding.fail(NAME, e.getMessage() + " (onedoor keygen --device " + settings.deviceKey() + ")");
        }
        if (!enrolled.ignored().isEmpty()) {
            return Finding.fail(NAME, String.join("; ", enrolled.ignored()));
        }
        String fingerprint = DeviceKeys.fingerprint(enrolled.devicePublicKey());
        Optional<EnrollmentAnswer> approval = enrolled.approval();
        if (enrolled.rejected()) {
            return Finding.warn(NAME, "the county rejected the request: " + enrolled.rejection().orElseThrow().reason()
                    .orElse("") + approval.map(a -> " (venue " + a.venueId().orElseThrow() + " stays approved)")
                    .orElse(""));
        }
        if (approval.isPresent()) {
            return Finding.ok(NAME, "approved as venue " + approval.get().venueId().orElseThrow() + " with "
                    + approval.get().entrances().size() + " entrance(s) by " + approval.get().approver()
                    + "; device key sha256 " + fingerprint);
        }
        return Finding.warn(NAME, "not approved yet: the gate decides as configured and every event says "
                + "enrolled false (onedoor enroll; device key sha256 " + fingerprint + ")");
    }
}
