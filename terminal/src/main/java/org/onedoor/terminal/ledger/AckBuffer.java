package org.onedoor.terminal.ledger;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * What the ledger knows but has not written yet: each entry's actuation latency, known only after its row
 * was committed, and the broker's acknowledgements. Both are written with the next event's commit, or when
 * enough acknowledgements wait, or by the idle flush, rather than in a commit per scan or per message, which would
 * multiply the writes on the SD card; the outbox publishes an entry with its latency from here meanwhile (the
 * {@link LatencyJournal} keeps it for a restart after a crash). A crash before that write only means the broker
 * gets those events again, with the same payload.
 *
 * <p>It also holds the entries still being actuated: the outbox holds them, and all after them, back.
 */
final class AckBuffer {
    /** Acknowledgements written before the outbox's next query once this many wait. */
    static final int ACKS_BEFORE_READ = 256;
    /** At most this many unwritten acknowledgements are left out of a count by listing them in the query. */
    static final int ACKS_IN_A_QUERY = 1_000;

    private final Map<Long, Long> latencies = new ConcurrentHashMap<>();
    private final ConcurrentSkipListSet<Long> unsealed = new ConcurrentSkipListSet<>();
    /**
     * Concurrent: the publisher adds to it without the ledger's lock, which the outbox's reader holds for a
     * millisecond and more per read (with that lock, the publisher waited 130-150 ms a drain of 20,000).
     */
    private final Set<Long> acks = ConcurrentHashMap.newKeySet();

    /** A committed entry whose actuation has not finished. */
    void opened(long seq) {
        unsealed.add(seq);
    }

    /**
     * The entry's actuation finished; {@code latencyUs} is negative when it failed and there is none. The
     * latency is stored before the seq leaves the unsealed set: see {@link #firstUnsealed}.
     */
    void sealed(long seq, long latencyUs) {
        if (latencyUs >= 0) {
            latencies.put(seq, latencyUs);
        }
        unsealed.remove(seq);
    }

    /**
     * The lowest entry still being actuated, or {@link Long#MAX_VALUE}. Read it before {@link #drain}: every
     * entry below it has its latency stored by then, so the write that follows carries it. The other order
     * lets an entry sealed between the write and the read go out without its latency.
     */
    long firstUnsealed() {
        // One read: an entry sealed on its lane's thread between an isEmpty() and a first() made first() throw.
        Long first = unsealed.ceiling(Long.MIN_VALUE);
        return first == null ? Long.MAX_VALUE : first;
    }

    void acknowledged(List<Long> seqs) {
        acks.addAll(seqs);
    }

    boolean isEmpty() {
        return latencies.isEmpty() && acks.isEmpty();
    }

    /**
     * Whether the outbox must write the acknowledgements before it reads rows: they are not left to pile up during a
     * long drain (a crash sends unwritten ones again).
     */
    boolean acksDue() {
        return acks.size() >= ACKS_BEFORE_READ;
    }

    /** Whether some entry's latency is not yet in the ledger. */
    boolean latenciesDue() {
        return !latencies.isEmpty();
    }

    /** The latencies not yet written, by seq: what the outbox publishes a row with while its column is empty. */
    Map<Long, Long> latencies() {
        return Collections.unmodifiableMap(latencies);
    }

    int ackCount() {
        return acks.size();
    }

    /** The acknowledgements not yet written. */
    Set<Long> acks() {
        return Collections.unmodifiableSet(acks);
    }

    /** What to write now: a snapshot, taken out of the buffer only by {@link #written}. */
    Pending drain() {
        return isEmpty() ? Pending.NONE : new Pending(Map.copyOf(latencies), Set.copyOf(acks));
    }

    /** The snapshot is committed: forget it (a latency that arrived meanwhile stays). */
    void written(Pending pending) {
        pending.latencies().keySet().forEach(latencies::remove);
        acks.removeAll(pending.acks());
    }

    record Pending(Map<Long, Long> latencies, Set<Long> acks) {
        static final Pending NONE = new Pending(Map.of(), Set.of());

        boolean isEmpty() {
            return latencies.isEmpty() && acks.isEmpty();
        }
    }
}
