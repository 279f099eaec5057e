package org.onedoor.terminal.risklist;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.onedoor.terminal.risklist.Applied.Result;
import org.onedoor.terminal.risklist.RiskListStore.StoreException;
import org.onedoor.terminal.risklist.RiskListStore.Stored;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.status.RiskCheck;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.tinylog.Logger;

/**
 * The county's risk list as this terminal holds it: the risk pseudonyms of people who are yellow
 * or red, kept up to date from signed snapshots and deltas (docs/risklist.md).
 *
 * <p>Lookups run on the lanes' threads without a lock: everything they read is one immutable
 * {@link Held}, replaced whole through a volatile field once a new version is stored. Offers come
 * from the MQTT thread and are serialised by this object's monitor.
 */
public final class RiskList {
    /**
     * Entries a list may hold by default. Applying a snapshot needs about 300 bytes of heap per
     * entry for a moment (docs/risklist.md): 50,000 leave room for the rest of the daemon in -Xmx32m.
     */
    public static final int DEFAULT_MAX_ENTRIES = 50_000;

    /** The list held and what is known about it; never changed, only replaced. */
    private record Held(PseudonymTable table, long version, int epoch, Instant issuedAt, Instant appliedAt,
            boolean gap, String problem) {
        static final Held NONE = new Held(PseudonymTable.EMPTY, 0, 0, null, null, false, null);

        Held behind(String why) {
            return new Held(table, version, epoch, issuedAt, appliedAt, true, why != null ? why : problem);
        }
    }

    private enum Storage { NONE, SNAPSHOT, DELTA }

    /** What a message would do to the list held: the answer, and the list after it when it takes effect. */
    private record Step(Applied applied, Held next, Storage storage, boolean behind) {
        static Step refuse(Result result, String detail) {
            return new Step(new Applied(result, detail), null, Storage.NONE, false);
        }

        static Step fallBehind(Result result, String detail) {
            return new Step(new Applied(result, detail), null, Storage.NONE, true);
        }

        static Step take(Result result, String detail, Held next, Storage storage) {
            return new Step(new Applied(result, detail), next, storage, false);
        }
    }

    private final RiskListStore store;
    private final PublicKey countyKey;
    private final String county;
    private final Clock clock;
    private final int maxEntries;
    /** Refused messages come from the network, as fast as anyone sends them: one line a minute per kind of refusal. */
    private final RepeatLimiter repeats = new RepeatLimiter();
    private volatile Held held = Held.NONE;

    private RiskList(RiskListStore store, PublicKey countyKey, String county, Clock clock, int maxEntries) {
        this.store = store;
        this.countyKey = countyKey;
        this.county = county;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** {@link #open(Path, PublicKey, String, Clock, int)} with {@link #DEFAULT_MAX_ENTRIES}. */
    public static RiskList open(Path dir, PublicKey countyKey, String county, Clock clock) throws IOException {
        return open(dir, countyKey, county, clock, DEFAULT_MAX_ENTRIES);
    }

    /**
     * Opens the list stored in {@code dir} (created if missing) and verifies every stored message
     * again. A stored list that fails is not used: the terminal starts with no list, logs why, and
     * says so in {@link RiskListState#problem()} until a snapshot arrives.
     *
     * @param countyKey  the county's Ed25519 risk-list public key
     * @param county     this terminal's county; messages for another are refused
     * @param maxEntries the most entries a list, or the changes of one delta, may hold
     * @throws IOException when the directory cannot be created or cleaned up
     */
    public static RiskList open(Path dir, PublicKey countyKey, String county, Clock clock, int maxEntries)
            throws IOException {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        if (!SigningKeys.isEd25519(countyKey)) {
            throw new IllegalArgumentException("the county's risk-list key must be an Ed25519 public key");
        }
        RiskList list = new RiskList(new RiskListStore(dir), countyKey, county, clock, maxEntries);
        list.store.removeTemporaryFiles();
        list.load();
        return list;
    }

    /**
     * Takes one message as it arrived on the {@code topicKind} topic. Never throws: every payload,
     * however hostile, gets an answer, and only a verified newer version, once stored, changes the list.
     */
    public synchronized Applied offer(byte[] payload, Kind topicKind) {
        Applied applied;
        try {
            applied = offerVerified(payload, topicKind);
        } catch (RuntimeException e) {
            repeats.admit("unhandled " + topicKind.wireName()).ifPresent(held -> Logger.error(e,
                    "risk list: a {} message could not be handled{}", topicKind.wireName(), held));
            applied = new Applied(Result.MALFORMED, "could not be handled (" + e.getClass().getSimpleName() + ")");
        }
        log(topicKind, applied);
        return applied;
    }

    /** The largest message the list accepts; the broker connection discards a larger one as it reads it. */
    public int maxPayloadBytes() {
        return (int) Math.min(Integer.MAX_VALUE, MessageCodec.maxPayloadBytes(maxEntries));
    }

    /**
     * A message for the list was lost on its way (discarded for its size, say): the county may now hold a version
     * this terminal cannot reach, so the list is marked as gapped until a newer snapshot, as for a delta that does
     * not follow (docs/risklist.md).
     */
    public synchronized void markLost(String why) {
        held = held.behind(null);
        repeats.admit("lost").ifPresent(h -> Logger.warn("risk list: a message was lost ({}); the list is gapped{}",
                why, h));
    }

    /**
     * The colour the list gives a risk pseudonym ({@code HMAC-SHA-256(K_R, subject)} in lower-case
     * hex under the risk key of the list's epoch), or empty when the person is not on it.
     *
     * @throws IllegalArgumentException when the argument is not 64 lower-case hex digits
     */
    public Optional<HealthStatus> lookup(String riskPseudonym) {
        return held.table().lookup(key(riskPseudonym));
    }

    /**
     * As {@link #lookup}, from one version of the list: the colour and when the county issued that version.
     * Empty, too, when the list held is not of {@code epoch} — the epoch of the risk key the pseudonym was made
     * with — since under another key every lookup would miss.
     */
    public Optional<RiskCheck.Listing> listing(String riskPseudonym, int epoch) {
        Held h = held;
        if (h.version() == 0 || h.epoch() != epoch) {
            return Optional.empty();
        }
        return h.table().lookup(key(riskPseudonym)).map(status -> new RiskCheck.Listing(status, h.issuedAt()));
    }

    /** When the county issued the list held, if it is of {@code epoch}; empty otherwise or with no list. */
    public Optional<Instant> issuedAt(int epoch) {
        Held h = held;
        return h.version() == 0 || h.epoch() != epoch ? Optional.empty() : Optional.of(h.issuedAt());
    }

    private static long[] key(String riskPseudonym) {
        long[] key = SortedKeys.parseHex(riskPseudonym);
        if (key == null) {
            throw new IllegalArgumentException("a risk pseudonym is 64 lower-case hex digits");
        }
        return key;
    }

    public RiskListState state() {
        Held h = held;
        Optional<Duration> age = Optional.ofNullable(h.issuedAt())
                .map(issued -> Duration.between(issued, clock.instant()))
                .map(d -> d.isNegative() ? Duration.ZERO : d);
        return new RiskListState(h.version(), h.epoch(), Optional.ofNullable(h.issuedAt()),
                Optional.ofNullable(h.appliedAt()), h.table().size(), h.gap(), age, Optional.ofNullable(h.problem()));
    }

    private Applied offerVerified(byte[] payload, Kind topicKind) {
        SignedMessage signed;
        try {
            signed = MessageCodec.parse(payload, maxEntries);
        } catch (RejectedMessage e) {
            return e.toApplied();
        }
        Optional<Applied> refused = refusal(signed, topicKind);
        if (refused.isPresent()) {
            return refused.get();
        }
        Held current = held;
        Step step = next(current, signed.message(), clock.instant());
        if (step.behind()) {
            held = current.behind(null);
        }
        if (step.next() == null) {
            return step.applied();
        }
        try {
            store(step, payload, current);
        } catch (IOException e) {
            String why = "version " + signed.message().version() + " could not be stored: " + e.getMessage();
            held = current.behind(why);
            return new Applied(Result.STORAGE_FAILED, why);
        }
        held = step.next();
        return step.applied();
    }

    /** The refusal of a message that is for another topic, another county, or not the county's. */
    private Optional<Applied> refusal(SignedMessage signed, Kind topicKind) {
        RiskListMessage m = signed.message();
        if (m.kind() != topicKind) {
            return Optional.of(new Applied(Result.MALFORMED,
                    "a " + m.kind().wireName() + " on the " + topicKind.wireName() + " topic"));
        }
        if (!m.county().equals(county)) {
            return Optional.of(new Applied(Result.REFUSED_COUNTY, "for county " + m.county() + ", not " + county));
        }
        if (!signed.verifiedBy(countyKey)) {
            return Optional.of(new Applied(Result.REFUSED_SIGNATURE,
                    describe(m) + ": the signature does not verify with the county's key"));
        }
        return Optional.empty();
    }

    /** The version rules of docs/risklist.md, as a pure function of the list held and a verified message. */
    private Step next(Held current, RiskListMessage m, Instant now) {
        return m.kind() == Kind.SNAPSHOT ? nextFromSnapshot(current, m, now) : nextFromDelta(current, m, now);
    }

    private Step nextFromSnapshot(Held current, RiskListMessage m, Instant now) {
        String what = describe(m);
        if (current.version() > 0 && m.epoch() < current.epoch()) {
            return Step.refuse(Result.REFUSED_ROLLBACK, what + ": epoch below ours, " + current.epoch());
        }
        if (m.version() < current.version()) {
            return Step.refuse(Result.REFUSED_ROLLBACK, what + ": below ours, " + current.version());
        }
        if (m.version() > current.version()) {
            return Step.take(Result.APPLIED, what + ", " + m.entries().size() + " entries",
                    new Held(m.entries(), m.version(), m.epoch(), m.issuedAt(), now, false, null), Storage.SNAPSHOT);
        }
        if (!m.issuedAt().isAfter(current.issuedAt())) {
            return Step.refuse(Result.IGNORED, what + ": held already");
        }
        if (m.epoch() == current.epoch() && m.entries().sameAs(current.table())) {
            return Step.take(Result.REFRESHED, what + ": the same list, signed later",
                    new Held(current.table(), current.version(), current.epoch(), m.issuedAt(), current.appliedAt(),
                            current.gap(), null), Storage.SNAPSHOT);
        }
        // The county reused a version for another list. Its later signature is its newer word, and
        // following it is safer than keeping a list the county has replaced.
        return Step.take(Result.APPLIED, what + ", " + m.entries().size() + " entries, other entries than the"
                        + " same version held: the county reused a version",
                new Held(m.entries(), m.version(), m.epoch(), m.issuedAt(), now, current.gap(), null), Storage.SNAPSHOT);
    }

    private Step nextFromDelta(Held current, RiskListMessage m, Instant now) {
        String what = describe(m);
        if (m.version() <= current.version()) {
            return Step.refuse(Result.IGNORED, what + ": not above ours, " + current.version());
        }
        if (current.version() == 0 || m.baseVersion() != current.version() || m.epoch() != current.epoch()) {
            return Step.fallBehind(Result.GAP, what + ": ours is version " + current.version()
                    + " of epoch " + current.epoch() + "; waiting for a snapshot");
        }
        PseudonymTable merged = current.table().apply(m.entries(), m.removals());
        if (merged.size() > maxEntries) {
            return Step.fallBehind(Result.REFUSED_SIZE, what + ": the list would hold " + merged.size()
                    + " entries, more than the " + maxEntries + " allowed");
        }
        Instant issuedAt = m.issuedAt().isAfter(current.issuedAt()) ? m.issuedAt() : current.issuedAt();
        return Step.take(Result.APPLIED, what + ", +" + m.entries().size() + " -" + m.removals().size()
                        + ", " + merged.size() + " entries",
                new Held(merged, m.version(), m.epoch(), issuedAt, now, current.gap(), null), Storage.DELTA);
    }

    private void store(Step step, byte[] payload, Held current) throws IOException {
        if (step.storage() == Storage.SNAPSHOT) {
            boolean refresh = step.applied().result() == Result.REFRESHED;
            store.replaceSnapshot(payload, refresh ? current.appliedAt() : step.next().appliedAt());
        } else {
            store.appendDelta(step.next().version(), payload, step.next().appliedAt());
        }
    }

    /** Replays the stored messages through the same rules as {@link #offer}, trusting none of them. */
    private void load() {
        long maxBytes = MessageCodec.maxPayloadBytes(maxEntries);
        try {
            Optional<Stored> snapshot = store.snapshot(maxBytes);
            List<Stored> deltas = store.deltas(maxBytes);
            if (snapshot.isEmpty()) {
                if (!deltas.isEmpty()) {
                    throw new StoreException(deltas.get(0).file() + ": a delta without a snapshot");
                }
                return;
            }
            Held h = replay(Held.NONE, snapshot.get(), Kind.SNAPSHOT);
            for (Stored delta : deltas) {
                if (RiskListStore.versionOf(delta.file()) <= h.version()) {
                    store.delete(delta.file()); // replaced by the snapshot just before a crash
                    continue;
                }
                h = replay(h, delta, Kind.DELTA);
                if (h.version() != RiskListStore.versionOf(delta.file())) {
                    throw new StoreException(delta.file() + ": holds another version than its name");
                }
            }
            held = h;
            Logger.info("risk list: version {} of epoch {}, {} entries, verified from {}", h.version(), h.epoch(),
                    h.table().size(), store.dir());
        } catch (StoreException | IOException e) {
            String why = "the stored list was refused: " + e.getMessage();
            Logger.error("risk list: {}; no list until the next snapshot", why);
            held = Held.NONE.behind(why);
        }
    }

    private Held replay(Held current, Stored stored, Kind kind) throws StoreException {
        SignedMessage signed;
        try {
            signed = MessageCodec.parse(stored.payload(), maxEntries);
        } catch (RejectedMessage e) {
            throw new StoreException(stored.file() + ": " + e.toApplied());
        }
        Optional<Applied> refused = refusal(signed, kind);
        if (refused.isPresent()) {
            throw new StoreException(stored.file() + ": " + refused.get());
        }
        Step step = next(current, signed.message(), stored.written());
        if (step.applied().result() != Result.APPLIED) {
            throw new StoreException(stored.file() + ": " + step.applied());
        }
        return step.next();
    }

    private static String describe(RiskListMessage m) {
        return m.kind().wireName() + " " + (m.kind() == Kind.DELTA ? m.baseVersion() + "->" : "") + m.version()
                + " of epoch " + m.epoch();
    }

    private void log(Kind topicKind, Applied applied) {
        switch (applied.result()) {
            case APPLIED, REFRESHED -> Logger.info("risk list: {}", applied);
            case IGNORED -> Logger.debug("risk list: {}", applied);
            default -> repeats.admit(topicKind.wireName() + " " + applied.result()).ifPresent(
                    held -> Logger.warn("risk list: {} message {}{}", topicKind.wireName(), applied, held));
        }
    }
}
