package org.onedoor.terminal.signed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signing certificates a terminal trusts, looked up by key id. Immutable; a reload builds a
 * new one. Several certificates may share a key id (the id is only 8 bytes, and some issuers
 * reuse one), so a lookup returns every candidate.
 */
public final class TrustList {
    private final Map<String, List<SigningCertificate>> byKid;
    private final int size;
    private final long version;
    private final Instant issuedAt;

    private TrustList(Collection<SigningCertificate> certificates, long version, Instant issuedAt) {
        Map<String, List<SigningCertificate>> map = new HashMap<>();
        int count = 0;
        for (SigningCertificate certificate : certificates) {
            List<SigningCertificate> sharing = map.computeIfAbsent(certificate.kidHex(), k -> new ArrayList<>());
            if (sharing.stream().noneMatch(certificate::sameAs)) {
                sharing.add(certificate);
                count++;
            }
        }
        map.replaceAll((kid, list) -> List.copyOf(list));
        this.byKid = Map.copyOf(map);
        this.size = count;
        this.version = version;
        this.issuedAt = issuedAt;
    }

    /** A list with no issuer's signature, no version and no issue time: for diagnostics and tests. */
    public static TrustList of(Collection<SigningCertificate> certificates) {
        return new TrustList(certificates, 0, null);
    }

    /** A list whose issuer's signature has been checked by the caller. */
    static TrustList signed(Collection<SigningCertificate> certificates, long version, Instant issuedAt) {
        return new TrustList(certificates, version, issuedAt);
    }

    /** Every certificate whose key id is {@code kid}; empty when there is none. */
    public List<SigningCertificate> candidates(byte[] kid) {
        return byKid.getOrDefault(HexFormat.of().formatHex(kid), List.of());
    }

    /** Distinct certificates (the same certificate listed twice counts once). */
    public int size() {
        return size;
    }

    /** The issuer's version number; 0 for an unsigned list. */
    public long version() {
        return version;
    }

    /** When the issuer signed the list; empty for an unsigned list. */
    public Optional<Instant> issuedAt() {
        return Optional.ofNullable(issuedAt);
    }

    /** {@code now - issued_at}; empty for an unsigned list. Negative when the list claims the future. */
    public Optional<Duration> age(Instant now) {
        return issuedAt().map(at -> Duration.between(at, now));
    }
}
