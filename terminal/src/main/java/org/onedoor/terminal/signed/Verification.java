package org.onedoor.terminal.signed;

import java.time.Instant;
import java.util.Optional;

/**
 * The result of checking one signed code, step by step. {@link #error()} names the first step that
 * failed, in chain order (decoding, signature, time, key usage). Nothing public here names the holder.
 */
public final class Verification {
    private final boolean decoded;
    private final boolean signatureValid;
    private final boolean notExpired;
    private final boolean keyUsageOk;
    private final String error;
    private final CwtClaims claims;

    private Verification(boolean decoded, boolean signatureValid, boolean notExpired, boolean keyUsageOk,
            String error, CwtClaims claims) {
        this.decoded = decoded;
        this.signatureValid = signatureValid;
        this.notExpired = notExpired;
        this.keyUsageOk = keyUsageOk;
        this.error = error;
        this.claims = claims;
    }

    static Verification undecodable(String error) {
        return new Verification(false, false, false, false, error, null);
    }

    static Verification checked(CwtClaims claims, String signatureError, String timeError, String keyUsageError) {
        String first = signatureError != null ? signatureError : timeError != null ? timeError : keyUsageError;
        return new Verification(true, signatureError == null, timeError == null, keyUsageError == null, first,
                claims);
    }

    public boolean decoded() {
        return decoded;
    }

    public boolean signatureValid() {
        return signatureValid;
    }

    public boolean notExpired() {
        return notExpired;
    }

    public boolean keyUsageOk() {
        return keyUsageOk;
    }

    /** Every step passed. */
    public boolean valid() {
        return decoded && signatureValid && notExpired && keyUsageOk;
    }

    /** The first failed step's word (for example {@code base45}, {@code unknown_kid}, {@code expired}). */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    public Optional<CertificateType> type() {
        return Optional.ofNullable(claims).map(CwtClaims::type);
    }

    public Optional<Instant> issuedAt() {
        return Optional.ofNullable(claims).map(CwtClaims::issuedAt);
    }

    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(claims).map(CwtClaims::expiresAt);
    }

    /**
     * The holder's subject ({@link DccSubject}), only from a certificate whose signature verified: a forged
     * code's name is anyone's choice. Package-private, so that no caller prints it.
     */
    Optional<String> holderSubject() {
        return signatureValid ? Optional.ofNullable(claims.holderSubject()) : Optional.empty();
    }

    /** The entry's facts, when decoding succeeded and the entry is well formed. */
    public Optional<DccEntry> entry() {
        return Optional.ofNullable(claims).map(CwtClaims::entry);
    }
}
