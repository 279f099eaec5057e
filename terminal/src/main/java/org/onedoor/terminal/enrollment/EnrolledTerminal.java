package org.onedoor.terminal.enrollment;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.onedoor.terminal.risklist.SigningKeys;

/**
 * A terminal's enrollment as its files hold it: the device key, and the county's stored answers as far as they
 * still verify and bind this terminal (a stored answer that does not counts for nothing, and is named in
 * {@link #ignored}). What the daemon, {@code onedoor enroll}, {@code poster} and {@code doctor} all start from.
 *
 * @param check   what any further answer must pass
 * @param ignored why a stored answer was set aside, one line each
 */
public record EnrolledTerminal(KeyPair deviceKey, EnrollmentStore store, AnswerCheck check,
                               Optional<EnrollmentAnswer> approval, Optional<EnrollmentAnswer> rejection,
                               List<String> ignored) {
    /** @throws IOException when the device key is missing, readable by others or not one pair; names the file */
    public static EnrolledTerminal read(Path dataDir, PublicKey countyKey, String county, String terminal,
                                        Path deviceKeyFile) throws IOException {
        KeyPair key = DeviceKeys.read(deviceKeyFile);
        EnrollmentStore store = new EnrollmentStore(dataDir);
        AnswerCheck check = new AnswerCheck(countyKey, county, terminal, SigningKeys.publicKeyText(key.getPublic()));
        List<String> ignored = new ArrayList<>();
        Optional<EnrollmentAnswer> approval = verified(check, store.approvalBytes(), "approval", ignored)
                .filter(EnrollmentAnswer::approved);
        Optional<EnrollmentAnswer> rejection = verified(check, store.rejectionBytes(), "rejection", ignored)
                .filter(a -> !a.approved());
        return new EnrolledTerminal(key, store, check, approval, rejection, List.copyOf(ignored));
    }

    public String devicePublicKey() {
        return SigningKeys.publicKeyText(deviceKey.getPublic());
    }

    /** A rejection counts when nothing was approved after it. */
    public boolean rejected() {
        return rejection.isPresent() && approval.map(a -> a.decidedAt().isBefore(rejection.get().decidedAt()))
                .orElse(true);
    }

    private static Optional<EnrollmentAnswer> verified(AnswerCheck check, Optional<byte[]> bytes, String what,
                                                       List<String> ignored) {
        try {
            return bytes.isEmpty() ? Optional.empty() : Optional.of(check.accept(bytes.get(), Optional.empty()));
        } catch (InvalidEnrollmentException e) {
            ignored.add("the stored " + what + " is ignored: " + e.getMessage());
            return Optional.empty();
        }
    }
}
