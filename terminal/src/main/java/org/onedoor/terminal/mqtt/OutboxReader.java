package org.onedoor.terminal.mqtt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.onedoor.drivers.retry.Backoff;
import org.onedoor.terminal.ledger.Outbox;
import org.onedoor.terminal.ledger.OutboxMessage;
import org.tinylog.Logger;

/**
 * Reads the {@link Outbox} ahead of the {@link OutboxPublisher}, on a thread of its own ({@code mqtt-outbox-read}):
 * the publisher takes the next messages from memory and never waits on SQLite. Reading a batch of rows and writing
 * their payloads takes about 1.5 ms; while the publisher did it itself it sent nothing, and a drain after an outage
 * spent a seventh of its time so (docs/performance.md). The cost is one more thread, asleep while nothing is pending.
 *
 * <p>Rows are read in seq order, each batch after the last row read. After a reconnect the publisher asks for a
 * {@link #restart}: what was ready is dropped and everything unacknowledged is read again from the lowest seq; a read
 * under way at that moment is dropped when it returns.
 */
final class OutboxReader {
    /**
     * Rows per read; the next read starts as soon as fewer than this are ready, so the publisher finds rows waiting.
     * A read holds the ledger's lock, which a lane's commit then waits for: 128 rows keep that to about 1.5 ms.
     */
    static final int BATCH = 128;
    /** How long to wait for a new event when nothing is pending; {@link Outbox#wake} cuts it short. */
    private static final long IDLE_WAIT_MS = 1_000;
    private static final long JOIN_TIMEOUT_MS = 10_000;

    private final Outbox outbox;
    /** Tells the publisher that messages are ready. */
    private final Runnable onReady;
    /** A ledger that cannot be read for days logs once a minute. */
    private final RepeatLimiter repeats;
    private final Thread thread;
    private final Backoff failureBackoff = Backoff.withJitter(OutboxPublisher.FIRST_RETRY,
            OutboxPublisher.MAX_RETRY);
    /** Guards the fields below it. */
    private final Object lock = new Object();
    private final ArrayDeque<OutboxMessage> ready = new ArrayDeque<>();
    private long readAfter = -1;
    /** Counts restarts: a read begun before one is dropped. */
    private int restarts;
    private boolean stopping;

    OutboxReader(Outbox outbox, Runnable onReady, RepeatLimiter repeats) {
        this.outbox = outbox;
        this.onReady = onReady;
        this.repeats = repeats;
        this.thread = new Thread(this::run, "mqtt-outbox-read");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean isRunning() {
        return thread.isAlive();
    }

    /** Up to {@code max} ready messages in seq order, left in place until {@link #sent}; none when nothing is ready. */
    List<OutboxMessage> peek(int max) {
        synchronized (lock) {
            List<OutboxMessage> next = new ArrayList<>(Math.min(max, ready.size()));
            for (OutboxMessage message : ready) {
                if (next.size() == max) {
                    break;
                }
                next.add(message);
            }
            return next;
        }
    }

    /** The first {@code count} messages {@link #peek} gave were sent: the reader may read on. */
    void sent(int count) {
        synchronized (lock) {
            for (int i = 0; i < count; i++) {
                ready.pollFirst();
            }
            if (ready.size() < BATCH) {
                lock.notifyAll();
            }
        }
    }

    /** Drops what is ready and reads again from the lowest seq: the publisher sends everything unacknowledged anew. */
    void restart() {
        synchronized (lock) {
            ready.clear();
            readAfter = -1;
            restarts++;
            lock.notifyAll();
        }
        outbox.wake();
    }

    void stop() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        outbox.wake();
        try {
            thread.join(JOIN_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!isStopping()) {
                try {
                    readOnce();
                    failureBackoff.reset();
                } catch (RuntimeException e) {
                    long delayMs = failureBackoff.next().toMillis();
                    repeats.admit("outbox read").ifPresent(held -> Logger.error(e,
                            "MQTT outbox read failed; retrying in {} ms{}", delayMs, held));
                    pause(delayMs);
                }
            }
        } catch (InterruptedException e) {
            // Nothing interrupts this thread ({@link #stop} wakes it): should anything, the thread ends.
        }
    }

    /** Waits until there is room for a batch, reads one, and hands it over unless a restart came meanwhile. */
    private void readOnce() throws InterruptedException {
        long after;
        int restartsAtRead;
        synchronized (lock) {
            while (ready.size() >= BATCH && !stopping) {
                lock.wait();
            }
            if (stopping) {
                return;
            }
            after = readAfter;
            restartsAtRead = restarts;
        }
        List<OutboxMessage> read = outbox.pending(after, BATCH);
        synchronized (lock) {
            if (restarts != restartsAtRead || stopping) {
                return;
            }
            if (!read.isEmpty()) {
                ready.addAll(read);
                readAfter = read.get(read.size() - 1).seq();
            }
        }
        if (read.isEmpty()) {
            outbox.awaitNew(IDLE_WAIT_MS);
        } else {
            onReady.run();
        }
    }

    private boolean isStopping() {
        synchronized (lock) {
            return stopping;
        }
    }

    /** Paces repeated failures (a ledger that cannot be read) so they neither spin nor flood the log. */
    private void pause(long delayMs) throws InterruptedException {
        synchronized (lock) {
            if (!stopping) {
                lock.wait(delayMs);
            }
        }
    }
}
