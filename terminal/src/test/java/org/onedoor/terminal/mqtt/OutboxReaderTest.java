package org.onedoor.terminal.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.ledger.Outbox;
import org.onedoor.terminal.ledger.OutboxMessage;
import org.onedoor.terminal.testing.InMemoryOutbox;

/** The outbox read ahead of the publisher: bounded, in order, started again on a reconnect, and kept alive. */
class OutboxReaderTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private static InMemoryOutbox outboxWith(int events) {
        InMemoryOutbox outbox = new InMemoryOutbox();
        for (int i = 0; i < events; i++) {
            add(outbox);
        }
        return outbox;
    }

    private static void add(InMemoryOutbox outbox) {
        outbox.add("entry", seq -> ("{\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static List<Long> seqs(List<OutboxMessage> messages) {
        return messages.stream().map(OutboxMessage::seq).toList();
    }

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void readsAtMostTwoBatchesAheadAndHandsOutEveryRowOnceInOrder() {
        AtomicInteger wakes = new AtomicInteger();
        OutboxReader reader = new OutboxReader(outboxWith(1_000), wakes::incrementAndGet, new RepeatLimiter());
        reader.start();
        try {
            Await.until("a batch ready", DEADLINE, () -> reader.peek(10_000).size() >= OutboxReader.BATCH);
            assertTrue(reader.peek(10_000).size() < 2 * OutboxReader.BATCH, "the reader stops once a batch is ready");
            assertTrue(wakes.get() > 0, "the publisher was told");

            List<Long> handedOut = new ArrayList<>();
            Await.until("every row handed out", DEADLINE, () -> {
                List<OutboxMessage> next = reader.peek(32);
                handedOut.addAll(seqs(next));
                reader.sent(next.size());
                return handedOut.size() >= 1_000;
            });
            assertEquals(range(1, 1_000), handedOut);
        } finally {
            reader.stop();
        }
        assertFalse(reader.isRunning());
    }

    @Test
    void aRestartReadsAgainFromTheLowestSeqAndDropsTheReadUnderWay() throws Exception {
        InMemoryOutbox events = outboxWith(10);
        GatedOutbox outbox = new GatedOutbox(events);
        OutboxReader reader = new OutboxReader(outbox, () -> { }, new RepeatLimiter());
        reader.start();
        try {
            Await.until("the first rows ready", DEADLINE, () -> reader.peek(100).size() == 10);
            reader.sent(10);
            outbox.holdNextRead();
            for (int i = 0; i < 5; i++) {
                add(events);
            }
            assertTrue(outbox.readHeld.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the reader read on");
            // A reconnect while rows 11 to 15 are being read: none of 1 to 15 was acknowledged.
            reader.restart();
            outbox.release.countDown();
            Await.until("everything read again", DEADLINE, () -> reader.peek(100).size() >= 15);
            assertEquals(range(1, 15), seqs(reader.peek(100)), "from the lowest seq, without the dropped read");
        } finally {
            reader.stop();
        }
    }

    @Test
    void aFailedReadIsRetriedOnTheSameThread() {
        GatedOutbox outbox = new GatedOutbox(outboxWith(3));
        outbox.failures.set(2);
        OutboxReader reader = new OutboxReader(outbox, () -> { }, new RepeatLimiter());
        reader.start();
        try {
            Await.until("the rows after two failed reads", DEADLINE, () -> reader.peek(100).size() == 3);
            assertEquals(0, outbox.failures.get());
            assertTrue(reader.isRunning());
        } finally {
            reader.stop();
        }
    }

    /** Delegates to an outbox; can fail a number of reads, or hold one until released. */
    private static final class GatedOutbox implements Outbox {
        private final Outbox inner;
        final AtomicInteger failures = new AtomicInteger();
        final CountDownLatch readHeld = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private volatile boolean holdNext;

        GatedOutbox(Outbox inner) {
            this.inner = inner;
        }

        void holdNextRead() {
            holdNext = true;
        }

        @Override
        public List<OutboxMessage> pending(long afterSeq, int max) {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("the outbox cannot be read (test)");
            }
            List<OutboxMessage> read = inner.pending(afterSeq, max);
            if (holdNext && !read.isEmpty()) {
                holdNext = false;
                readHeld.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return read;
        }

        @Override
        public void markPublished(List<Long> seqs) {
            inner.markPublished(seqs);
        }

        @Override
        public long depth() {
            return inner.depth();
        }

        @Override
        public long oldestPendingEpochMs() {
            return inner.oldestPendingEpochMs();
        }

        @Override
        public void awaitNew(long timeoutMs) throws InterruptedException {
            inner.awaitNew(timeoutMs);
        }

        @Override
        public void wake() {
            inner.wake();
        }
    }
}
