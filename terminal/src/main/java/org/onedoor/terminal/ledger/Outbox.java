package org.onedoor.terminal.ledger;

import java.util.List;

/**
 * The database side of MQTT publishing: events waiting for the broker's acknowledgement, in
 * {@code seq} order. The outbox, not the MQTT client, is the source of truth for what the county has.
 */
public interface Outbox {
    /** Up to {@code max} unpublished events with {@code seq > afterSeq}, ascending by seq. */
    List<OutboxMessage> pending(long afterSeq, int max);

    /** Records the broker's acknowledgement of these events; idempotent. */
    void markPublished(List<Long> seqs);

    /** How many events await acknowledgement. */
    long depth();

    /** Wall-clock milliseconds of the oldest unpublished event, or 0 when none. */
    long oldestPendingEpochMs();

    /**
     * Blocks until an event was added since the last {@link #pending} call, or {@link #wake} was called since then,
     * or the timeout passes. The outbox's reader waits here when it has nothing to read.
     */
    void awaitNew(long timeoutMs) throws InterruptedException;

    /** Ends the current {@link #awaitNew}, or the next one: the waiting thread has something else to do. */
    void wake();
}
