package org.onedoor.terminal.signed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.status.Resolution;
import org.onedoor.terminal.status.Source;

/**
 * Signed codes at the gate: verified on the terminal alone against the trust list in force, judged by the
 * configured policy, and the holder of a verified certificate looked up on the county's risk list. While the trust list is older than its maximum age no signed code is judged — a revoked
 * signer could be in it — and the mode's rules for "no fresh status" apply.
 */
public final class SignedCodes {
    public static final String TRUST_STALE = "trust_stale";

    private final TrustListWatcher trust;
    private final SignedCodeVerifier verifier;
    private final DccPolicy policy;
    private final HolderCheck holders;
    private final Duration maxAge;
    private final Clock clock;

    /** @param holders the county's list, asked about the holder of every certificate whose signature verified */
    public SignedCodes(TrustListWatcher trust, DccPolicy policy, HolderCheck holders, Duration maxAge, Clock clock) {
        this.trust = trust;
        this.verifier = new SignedCodeVerifier(trust);
        this.policy = policy;
        this.holders = holders;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public static boolean isSigned(String text) {
        return text.startsWith(SignedCodeVerifier.PREFIX);
    }

    /** Never throws; the code itself goes no further than the verifier. */
    public Resolution resolve(String code) {
        Instant now = clock.instant();
        if (stale(now)) {
            return new Resolution(HealthStatus.UNKNOWN, Source.NONE, TRUST_STALE, null, null, 0, null, null);
        }
        Verification verification = verifier.verify(code, now);
        DccPolicy.Verdict verdict = policy.decide(verification, now);
        Source source = verdict.status() == HealthStatus.UNKNOWN ? Source.NONE : Source.SIGNED;
        Resolution signed = new Resolution(verdict.status(), source, verdict.reason(), null,
                verification.expiresAt().orElse(null), 0, verification.issuedAt().orElse(null), null);
        return verification.signatureValid() ? holders.judge(signed, verification.holderSubject()) : signed;
    }

    public boolean stale(Instant now) {
        return trust.age(now).compareTo(maxAge) > 0;
    }

    /** When the trust list in force was issued. */
    public Instant trustIssuedAt() {
        Instant now = clock.instant();
        return now.minus(trust.age(now));
    }
}
