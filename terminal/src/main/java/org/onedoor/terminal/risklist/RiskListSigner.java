package org.onedoor.terminal.risklist;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import org.onedoor.terminal.status.HealthStatus;

/** The county's side: builds and signs snapshots and deltas from risk pseudonyms (never from subjects). */
public final class RiskListSigner {
    private final PrivateKey signingKey;
    private final String county;
    private final int epoch;

    public RiskListSigner(PrivateKey signingKey, String county, int epoch) {
        if (!county.matches("[0-9]{6}") || epoch < 0) {
            throw new IllegalArgumentException("a county is a 6-digit division code and an epoch is not negative");
        }
        this.signingKey = signingKey;
        this.county = county;
        this.epoch = epoch;
    }

    /** A snapshot of the whole list as JSON; {@code issuedAt} is cut to the second. */
    public byte[] snapshot(long version, Instant issuedAt, SortedMap<String, HealthStatus> entries) {
        return sign(new RiskListMessage(Kind.SNAPSHOT, county, epoch, version, 0, seconds(issuedAt),
                table(entries), SortedKeys.EMPTY));
    }

    /** A delta from {@code baseVersion} to {@code version} as JSON; no pseudonym may be both added and removed. */
    public byte[] delta(long baseVersion, long version, Instant issuedAt, SortedMap<String, HealthStatus> upserts,
            SortedSet<String> removals) {
        if (baseVersion < 1 || baseVersion >= version) {
            throw new IllegalArgumentException("a delta goes from a base version of at least 1 to a later version");
        }
        if (upserts.keySet().stream().anyMatch(removals::contains)) {
            throw new IllegalArgumentException("a pseudonym is both added and removed");
        }
        SortedKeys.Builder removed = new SortedKeys.Builder();
        for (String pseudonym : removals) {
            inOrder(removed.append(key(pseudonym)));
        }
        return sign(new RiskListMessage(Kind.DELTA, county, epoch, version, baseVersion, seconds(issuedAt),
                table(upserts), removed.build()));
    }

    private byte[] sign(RiskListMessage message) {
        if (message.version() < 1) {
            throw new IllegalArgumentException("versions start at 1");
        }
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(signingKey);
            signer.update(CanonicalBytes.of(message));
            return MessageCodec.write(message, signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the signing key is not an Ed25519 private key", e);
        }
    }

    private static PseudonymTable table(SortedMap<String, HealthStatus> entries) {
        PseudonymTable.Builder table = new PseudonymTable.Builder();
        for (Map.Entry<String, HealthStatus> entry : entries.entrySet()) {
            inOrder(table.append(key(entry.getKey()), entry.getValue()));
        }
        return table.build();
    }

    private static void inOrder(boolean appended) {
        if (!appended) {
            throw new IllegalArgumentException("pseudonyms must come in ascending order, each once");
        }
    }

    private static long[] key(String pseudonym) {
        long[] key = SortedKeys.parseHex(pseudonym);
        if (key == null) {
            throw new IllegalArgumentException("a risk pseudonym is 64 lower-case hex digits");
        }
        return key;
    }

    private static Instant seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS);
    }
}
