package org.onedoor.terminal.mqtt;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * One thread running inbound work in arrival order, fed through a bounded queue that never drops: when it is
 * full, {@link #hold} waits for room. Called from Paho's callback, that wait is the back-pressure MQTT offers:
 * the message is not acknowledged until it is queued, and the broker sends no more than its in-flight limit.
 */
final class InboundPath {
    private static final long POLL_MS = 200;

    private final BlockingQueue<Runnable> queue;
    private final Thread thread;
    private volatile boolean stopped;

    InboundPath(String name, int capacity) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Queues {@code work}, waiting while the queue is full.
     *
     * @return false only when the path stopped, or the waiting thread was interrupted, before there was room
     */
    boolean hold(Runnable work) {
        try {
            while (!stopped) {
                if (queue.offer(work, POLL_MS, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Queues {@code work} if there is room now; for work that is done again anyway when it is left out. */
    boolean offer(Runnable work) {
        return !stopped && queue.offer(work);
    }

    /** Ends the thread; work still queued is not run: the terminal is stopping. */
    void stop() {
        stopped = true;
        thread.interrupt();
    }

    private void run() {
        while (!stopped) {
            try {
                queue.take().run();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                Logger.error(e, "MQTT inbound work on {} failed", thread.getName());
            }
        }
    }
}
