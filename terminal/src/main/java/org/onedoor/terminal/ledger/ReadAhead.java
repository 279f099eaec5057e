package org.onedoor.terminal.ledger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Outbox rows read from SQLite ahead of the publisher: one query fetches a batch much larger than the
 * publisher's free window (a few slots after each acknowledgement), and the next calls are served from
 * memory. A row read here is sealed, so its payload never changes; it was unpublished when read, and it
 * stays so until the publisher has sent it.
 *
 * <p>What was read covers every unpublished row from the read's {@code afterSeq} up to its last row. A
 * request that does not move on (after a reconnect the publisher starts again from the lowest seq) drops it:
 * rows acknowledged since must not be sent again from a stale copy.
 */
final class ReadAhead {
    /**
     * Rows per query: enough that a query costs little per message, few enough that reading them and writing
     * their payloads takes less time than the messages still in flight (a full window but the few slots just
     * freed) take to be acknowledged. The publisher cannot send while it reads, so a longer read leaves the
     * connection idle: at 512 a drain stalled each time (8 to 40 ms, about a fifth of its time on 2 cores).
     */
    static final int BATCH = 128;

    private final ArrayDeque<OutboxMessage> rows = new ArrayDeque<>();
    private long readAfter = Long.MAX_VALUE;
    private long lastAfter = Long.MIN_VALUE;

    /**
     * Notes a request; what was read is dropped unless {@code afterSeq} moves on from the previous one (a
     * publisher that sent nothing asks again from the same seq, and rows acknowledged meanwhile are read anew).
     * Returns whether it goes back: a restart from the lowest seq, after a reconnect.
     */
    boolean restarts(long afterSeq) {
        boolean back = afterSeq < lastAfter;
        if (afterSeq <= lastAfter) {
            rows.clear();
            readAfter = Long.MAX_VALUE;
        }
        lastAfter = afterSeq;
        return back;
    }

    /** Up to {@code max} rows after {@code afterSeq} from memory, or null when they must be read. */
    List<OutboxMessage> take(long afterSeq, int max) {
        while (!rows.isEmpty() && rows.peekFirst().seq() <= afterSeq) {
            rows.pollFirst();
        }
        if (rows.isEmpty() || afterSeq < readAfter) {
            return null;
        }
        List<OutboxMessage> out = new ArrayList<>(Math.min(max, rows.size()));
        for (OutboxMessage row : rows) {
            if (out.size() == max) {
                break;
            }
            out.add(row);
        }
        return out;
    }

    /** Keeps what a query after {@code afterSeq} returned, and hands out its first {@code max} rows. */
    List<OutboxMessage> keep(long afterSeq, List<OutboxMessage> read, int max) {
        rows.clear();
        rows.addAll(read);
        readAfter = afterSeq;
        return read.size() <= max ? read : List.copyOf(read.subList(0, max));
    }
}
