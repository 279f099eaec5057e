package org.onedoor.terminal.risklist;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.onedoor.terminal.status.HealthStatus;

/** A county with its own signing keys, making messages for tests. */
final class County {
    static final String CODE = "430124";
    static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");

    private final KeyPair keys = SigningKeys.generate();
    private final RiskListSigner signer;

    County(String code, int epoch) {
        signer = new RiskListSigner(keys.getPrivate(), code, epoch);
    }

    County() {
        this(CODE, 1);
    }

    PublicKey publicKey() {
        return keys.getPublic();
    }

    /** A county with the same keys signing for another epoch. */
    RiskListSigner signerFor(String code, int epoch) {
        return new RiskListSigner(keys.getPrivate(), code, epoch);
    }

    byte[] snapshot(long version, Instant issuedAt, Map<String, HealthStatus> entries) {
        return signer.snapshot(version, issuedAt, new TreeMap<>(entries));
    }

    byte[] delta(long base, long version, Instant issuedAt, Map<String, HealthStatus> upserts, Set<String> removals) {
        return signer.delta(base, version, issuedAt, new TreeMap<>(upserts), new TreeSet<>(removals));
    }

    /** A made-up risk pseudonym, the same for the same name. */
    static String pseudonym(String name) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
