package org.onedoor.terminal.signed;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An issuer's document signing certificate: its key, its key id (the first 8 bytes of the SHA-256
 * of its DER form) and the certificate types its extended key usage lets it sign.
 */
public final class SigningCertificate {
    private static final int KID_BYTES = 8;

    private final byte[] der;
    private final byte[] kid;
    private final PublicKey publicKey;
    private final Instant notBefore;
    private final Instant notAfter;
    private final Set<CertificateType> maySign;

    private SigningCertificate(byte[] der, X509Certificate certificate, Set<CertificateType> maySign) {
        this.der = der;
        this.kid = Arrays.copyOf(sha256(der), KID_BYTES);
        this.publicKey = certificate.getPublicKey();
        this.notBefore = certificate.getNotBefore().toInstant();
        this.notAfter = certificate.getNotAfter().toInstant();
        this.maySign = maySign;
    }

    public static SigningCertificate fromDer(byte[] der) throws TrustListException {
        try {
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            byte[] exact = certificate.getEncoded();
            return new SigningCertificate(exact, certificate, maySign(certificate.getExtendedKeyUsage()));
        } catch (CertificateException | RuntimeException e) {
            throw new TrustListException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    /**
     * No extended key usage, or one naming no health-certificate type, allows every type; otherwise
     * only the types it names.
     */
    private static Set<CertificateType> maySign(List<String> oids) {
        Set<CertificateType> types = EnumSet.noneOf(CertificateType.class);
        if (oids != null) {
            for (CertificateType type : CertificateType.values()) {
                if (oids.stream().anyMatch(type.keyUsageOids()::contains)) {
                    types.add(type);
                }
            }
        }
        return types.isEmpty() ? EnumSet.allOf(CertificateType.class) : types;
    }

    public byte[] der() {
        return der.clone();
    }

    public byte[] kid() {
        return kid.clone();
    }

    String kidHex() {
        return java.util.HexFormat.of().formatHex(kid);
    }

    PublicKey publicKey() {
        return publicKey;
    }

    public Instant notBefore() {
        return notBefore;
    }

    public Instant notAfter() {
        return notAfter;
    }

    public boolean maySign(CertificateType type) {
        return maySign.contains(type);
    }

    boolean sameAs(SigningCertificate other) {
        return Arrays.equals(der, other.der);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
