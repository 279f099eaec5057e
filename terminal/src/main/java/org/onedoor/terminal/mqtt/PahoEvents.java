package org.onedoor.terminal.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-over from Paho's callback threads to the publisher thread: acknowledgements are queued
 * here and any event (ack, connection loss, messages read from the outbox) wakes a waiting publisher at
 * once, so nothing sits out a timeout. Paho's threads only ever touch this object.
 */
final class PahoEvents {
    /** The broker acknowledged {@code seq} on connection number {@code generation}. */
    record Ack(int generation, long seq) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Ack> acks = new ArrayList<>();
    private boolean news;

    void ack(int generation, long seq) {
        lock.lock();
        try {
            acks.add(new Ack(generation, seq));
            signal();
        } finally {
            lock.unlock();
        }
    }

    /** Something other than an ack happened (a connection was lost, messages were read): wake the publisher. */
    void wake() {
        lock.lock();
        try {
            signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until an event arrives after the last wait returned, or the timeout passes. */
    void await(long timeoutMs) throws InterruptedException {
        lock.lock();
        try {
            long remainingNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (!news && remainingNanos > 0) {
                remainingNanos = changed.awaitNanos(remainingNanos);
            }
            news = false;
        } finally {
            lock.unlock();
        }
    }

    List<Ack> drainAcks() {
        lock.lock();
        try {
            List<Ack> drained = List.copyOf(acks);
            acks.clear();
            return drained;
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        news = true;
        changed.signalAll();
    }
}
