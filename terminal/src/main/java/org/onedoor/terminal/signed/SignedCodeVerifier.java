package org.onedoor.terminal.signed;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Verifies {@code HC1:} codes offline: Base45, zlib, COSE_Sign1, the ES256 or PS256 signature by a
 * certificate of the trust list, the CWT times and the certificate's key usage. Thread-safe; never
 * throws on what it is given, however hostile: every defect becomes an error word.
 */
public final class SignedCodeVerifier {
    public static final String PREFIX = "HC1:";
    /** Larger than any QR code can hold (4,296 alphanumeric characters at version 40). */
    public static final int MAX_CODE_CHARS = 8192;
    /** Real payloads are a few hundred bytes; the cap keeps a zlib bomb from filling the heap. */
    public static final int MAX_INFLATED_BYTES = 64 * 1024;

    private static final PSSParameterSpec PS256_PARAMETERS =
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

    private final Supplier<TrustList> trust;

    public SignedCodeVerifier(TrustList trust) {
        this(constant(trust));
    }

    /** Takes the list afresh for every code, so a reloaded list applies from the next scan on. */
    public SignedCodeVerifier(Supplier<TrustList> trust) {
        this.trust = Objects.requireNonNull(trust);
    }

    private static Supplier<TrustList> constant(TrustList trust) {
        Objects.requireNonNull(trust);
        return () -> trust;
    }

    public Verification verify(String code, Instant at) {
        CoseSign1 cose;
        CwtClaims claims;
        try {
            cose = CoseSign1.parse(Zlib.inflateIfCompressed(Base45.decode(unprefixed(code)), MAX_INFLATED_BYTES));
            claims = CwtClaims.parse(cose.payload());
        } catch (CodeFormatException e) {
            return Verification.undecodable(e.word());
        } catch (RuntimeException e) {
            // The libraries below are meant to throw only what is caught above; this keeps a gap in
            // them from ever reaching the lane thread.
            return Verification.undecodable("decode_failed");
        }
        Signer signer = signer(cose);
        return Verification.checked(claims, signer.error, timeError(claims, at), keyUsageError(signer, claims));
    }

    private static CharSequence unprefixed(String code) throws CodeFormatException {
        if (code == null) {
            throw new CodeFormatException("no_prefix");
        }
        if (code.length() > MAX_CODE_CHARS) {
            throw new CodeFormatException("too_long");
        }
        if (!code.startsWith(PREFIX)) {
            throw new CodeFormatException("no_prefix");
        }
        return code.subSequence(PREFIX.length(), code.length());
    }

    /** The certificate that made the signature, or the reason there is none. */
    private record Signer(SigningCertificate certificate, String error) {
    }

    private Signer signer(CoseSign1 cose) {
        if (cose.kid() == null) {
            return new Signer(null, "no_kid");
        }
        List<SigningCertificate> candidates = trust.get().candidates(cose.kid());
        if (candidates.isEmpty()) {
            return new Signer(null, "unknown_kid");
        }
        if (cose.algorithm() != CoseSign1.ES256 && cose.algorithm() != CoseSign1.PS256) {
            return new Signer(null, "unsupported_alg");
        }
        byte[] toBeSigned = cose.toBeSigned();
        for (SigningCertificate candidate : candidates) {
            if (verifies(cose.algorithm(), candidate.publicKey(), toBeSigned, cose.signature())) {
                return new Signer(candidate, null);
            }
        }
        return new Signer(null, "bad_signature");
    }

    private static boolean verifies(int algorithm, PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier;
            if (algorithm == CoseSign1.ES256 && key instanceof ECPublicKey) {
                verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            } else if (algorithm == CoseSign1.PS256 && key instanceof RSAPublicKey) {
                verifier = Signature.getInstance("RSASSA-PSS");
                verifier.setParameter(PS256_PARAMETERS);
            } else {
                return false;
            }
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** Issued no later than {@code at}, expiring no earlier. */
    private static String timeError(CwtClaims claims, Instant at) {
        if (claims.issuedAt() == null || claims.expiresAt() == null) {
            return "no_times";
        }
        if (at.isBefore(claims.issuedAt())) {
            return "not_yet_valid";
        }
        if (at.isAfter(claims.expiresAt())) {
            return "expired";
        }
        return null;
    }

    private static String keyUsageError(Signer signer, CwtClaims claims) {
        if (signer.certificate == null) {
            return "no_signer";
        }
        return signer.certificate.maySign(claims.type()) ? null : "key_usage";
    }
}
