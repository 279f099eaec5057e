package org.onedoor.terminal.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import org.onedoor.terminal.ledger.Outbox;
import org.onedoor.terminal.ledger.OutboxMessage;

/** A thread-safe {@link Outbox} in memory that also remembers what was marked published. */
public final class InMemoryOutbox implements Outbox {
    private record Entry(OutboxMessage message, long addedEpochMs) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition news = lock.newCondition();
    private final TreeMap<Long, Entry> unpublished = new TreeMap<>();
    private final Set<Long> published = new TreeSet<>();
    private long nextSeq = 1;
    /** Set by an addition or a wake, cleared by {@link #pending}: as the ledger's. */
    private boolean unseen;

    /** Adds one event; its payload is built from its seq. Returns the seq. */
    public long add(String topicSuffix, LongFunction<byte[]> payloadForSeq) {
        lock.lock();
        try {
            long seq = nextSeq++;
            unpublished.put(seq, new Entry(new OutboxMessage(seq, topicSuffix, payloadForSeq.apply(seq)),
                    System.currentTimeMillis()));
            signalUnseen();
            return seq;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<OutboxMessage> pending(long afterSeq, int max) {
        lock.lock();
        try {
            unseen = false;
            List<OutboxMessage> batch = new ArrayList<>(Math.min(max, unpublished.size()));
            for (Entry entry : unpublished.tailMap(afterSeq, false).values()) {
                if (batch.size() == max) {
                    break;
                }
                batch.add(entry.message());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void markPublished(List<Long> seqs) {
        lock.lock();
        try {
            for (Long seq : seqs) {
                unpublished.remove(seq);
                published.add(seq);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long depth() {
        lock.lock();
        try {
            return unpublished.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long oldestPendingEpochMs() {
        lock.lock();
        try {
            return unpublished.isEmpty() ? 0 : unpublished.firstEntry().getValue().addedEpochMs();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void awaitNew(long timeoutMs) throws InterruptedException {
        lock.lock();
        try {
            long remainingNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (!unseen && remainingNanos > 0) {
                remainingNanos = news.awaitNanos(remainingNanos);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void wake() {
        lock.lock();
        try {
            signalUnseen();
        } finally {
            lock.unlock();
        }
    }

    private void signalUnseen() {
        unseen = true;
        news.signalAll();
    }

    /** Every seq ever marked published, ascending. */
    public List<Long> publishedSeqs() {
        lock.lock();
        try {
            return List.copyOf(published);
        } finally {
            lock.unlock();
        }
    }
}
