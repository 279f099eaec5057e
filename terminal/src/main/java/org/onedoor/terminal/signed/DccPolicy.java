package org.onedoor.terminal.signed;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.onedoor.terminal.status.HealthStatus;

/**
 * Which verified certificates count as green. Colours for the rest: {@link HealthStatus#UNKNOWN}
 * when the terminal cannot judge (undecodable, or a signer missing from the trust list, which may
 * only be stale); {@link HealthStatus#RED} for a forgery (bad signature, a key used beyond its
 * key usage) or a positive test; {@link HealthStatus#YELLOW} for a genuine certificate that does
 * not, or no longer, qualify.
 *
 * @param accept            certificate types that may be green
 * @param testMaxAge        how long after its sample a negative test stays green
 * @param completeDosesOnly a vaccination is green only at its last dose (dose n of n)
 * @param recoveryValidity  a recovery is green only between its valid-from and valid-until days
 * @param zone              the zone in which the day of a date-only field is judged
 */
public record DccPolicy(Set<CertificateType> accept, Duration testMaxAge, boolean completeDosesOnly,
        boolean recoveryValidity, ZoneId zone) {

    /** A decision and its reason word (for the ledger, the lamps and MQTT). */
    public record Verdict(HealthStatus status, String reason) {
    }

    public DccPolicy {
        accept = Set.copyOf(accept);
        Objects.requireNonNull(testMaxAge);
        Objects.requireNonNull(zone);
    }

    /** Every type; tests for 72 hours; complete vaccinations; recoveries within their validity. */
    public static DccPolicy defaults(ZoneId zone) {
        return new DccPolicy(EnumSet.allOf(CertificateType.class), Duration.ofHours(72), true, true, zone);
    }

    public Verdict decide(Verification v, Instant at) {
        if (!v.decoded()) {
            return new Verdict(HealthStatus.UNKNOWN, "signed_undecodable");
        }
        String error = v.error().orElse("");
        if (!v.signatureValid()) {
            return error.equals("unknown_kid") || error.equals("no_kid")
                    ? new Verdict(HealthStatus.UNKNOWN, "signed_unknown_signer")
                    : new Verdict(HealthStatus.RED, "signed_bad_signature");
        }
        if (!v.keyUsageOk()) {
            return new Verdict(HealthStatus.RED, "signed_key_usage");
        }
        if (!v.notExpired()) {
            return new Verdict(HealthStatus.YELLOW, "signed_expired");
        }
        CertificateType type = v.type().orElseThrow();
        if (!accept.contains(type)) {
            return new Verdict(HealthStatus.YELLOW, "signed_type_not_accepted");
        }
        return v.entry().map(entry -> decide(entry, at))
                .orElse(new Verdict(HealthStatus.YELLOW, "signed_bad_entry"));
    }

    private Verdict decide(DccEntry entry, Instant at) {
        if (entry instanceof DccEntry.Vaccination vaccination) {
            boolean complete = vaccination.dose() >= vaccination.ofDoses() && vaccination.ofDoses() > 0;
            return completeDosesOnly && !complete ? new Verdict(HealthStatus.YELLOW, "signed_vaccination_incomplete")
                    : green("signed_vaccination");
        }
        if (entry instanceof DccEntry.Test test) {
            if (test.detected()) {
                return new Verdict(HealthStatus.RED, "signed_test_positive");
            }
            if (test.sampledAt().isAfter(at)) {
                return new Verdict(HealthStatus.YELLOW, "signed_test_in_future");
            }
            return Duration.between(test.sampledAt(), at).compareTo(testMaxAge) > 0
                    ? new Verdict(HealthStatus.YELLOW, "signed_test_too_old") : green("signed_test");
        }
        DccEntry.Recovery recovery = (DccEntry.Recovery) entry;
        LocalDate today = LocalDate.ofInstant(at, zone);
        boolean within = !today.isBefore(recovery.validFrom()) && !today.isAfter(recovery.validUntil());
        return recoveryValidity && !within ? new Verdict(HealthStatus.YELLOW, "signed_recovery_not_valid")
                : green("signed_recovery");
    }

    private static Verdict green(String reason) {
        return new Verdict(HealthStatus.GREEN, reason);
    }
}
