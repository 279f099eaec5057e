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
     * Blocks until an event is added after this call began, or the timeout passes. The publisher
     * waits here when it has nothing to send.
     */
    void awaitNew(long timeoutMs) throws InterruptedException;
}
