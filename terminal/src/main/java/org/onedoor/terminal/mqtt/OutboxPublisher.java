package org.onedoor.terminal.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.onedoor.terminal.ledger.Outbox;
import org.onedoor.terminal.ledger.OutboxMessage;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.onedoor.drivers.retry.Backoff;
import org.tinylog.Logger;

/**
 * Streams the {@link Outbox} to the county broker, QoS 1, in seq order, and marks each event
 * published when the broker acknowledges it.
 *
 * <p>The outbox is the only memory: Paho runs with {@link MemoryPersistence}, a clean session, no
 * offline buffer and no automatic reconnect, because with Paho 1.2.5 those lose or wedge messages
 * around broker restarts, and automatic reconnect never retries a failed first connect. Instead one
 * thread ({@code mqtt-outbox}) owns the connection: it connects with backoff, keeps at most
 * {@link MqttSettings#inflightWindow()} messages unacknowledged, and after a connection loss simply
 * sends everything unacknowledged again from the lowest seq. It sends what an {@link OutboxReader} has
 * read ahead on a thread of its own, so no SQLite read stops the sending. A resent event has the same payload,
 * hence the same event id, so the county can recognise the duplicate.
 *
 * <p>The same connection ({@link BrokerConnection}) carries the terminal's {@link Subscription}s (the county's
 * risk list, its commands), renewed at every connect; their handlers run on two inbound threads of their own
 * ({@link InboundRouter}). A message larger than its subscription allows is discarded as it is read.
 *
 * <p>{@link MqttAsyncClient}, not {@code MqttClient}: the blocking client's {@code publish} waits
 * for each PUBACK, which would make the in-flight window always 1 (one round trip per event).
 */
public final class OutboxPublisher implements AutoCloseable {
    /** How long to wait for acknowledgements or messages read: bounds how late an idle connection's loss is noticed. */
    private static final long IDLE_WAIT_MS = 1_000;
    /** Waits after a failed connect or publish: 250 ms doubling up to 5 s, with jitter (docs/mqtt.md). */
    static final Duration FIRST_RETRY = Duration.ofMillis(250);
    static final Duration MAX_RETRY = Duration.ofSeconds(5);
    private static final long JOIN_TIMEOUT_MS = 10_000;

    /** What one round of publishing achieved; decides how the thread waits next. */
    private enum Progress {
        SENT,
        /** The rate limit stopped the round; wait for the next token. */
        THROTTLED,
        /** Nothing pending, or no room in the window: wait for new events or acks. */
        NOTHING_SENDABLE
    }

    private final MqttSettings settings;
    private final Outbox outbox;
    private final OutboxReader reader;
    /** A broker down for days, or one sending what cannot be handled, logs once a minute per condition. */
    private final RepeatLimiter repeats = new RepeatLimiter();
    private final InboundRouter inbound;
    private final Thread thread;
    private final PahoEvents events = new PahoEvents();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong publishedCount = new AtomicLong();
    private final AtomicLong lastAckEpochMs = new AtomicLong();
    private final AtomicLong failedConnectAttempts = new AtomicLong();
    private final List<Runnable> connectActions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean stopping;
    private volatile BrokerConnection connection;

    // Owned by the publisher thread only.
    private final Backoff connectBackoff = Backoff.withJitter(FIRST_RETRY, MAX_RETRY);
    private final Backoff failureBackoff = Backoff.withJitter(FIRST_RETRY, MAX_RETRY);
    private final TokenBucket rateLimit;
    private final Set<Long> inflight = new HashSet<>();
    private final List<Long> ackedNotYetMarked = new ArrayList<>();
    private int generation;

    private OutboxPublisher(MqttSettings settings, Outbox outbox) {
        this.settings = settings;
        this.outbox = outbox;
        this.inbound = new InboundRouter(repeats);
        this.rateLimit = new TokenBucket(settings.maxMessagesPerSecond());
        this.reader = new OutboxReader(outbox, events::wake, repeats);
        this.thread = new Thread(this::run, "mqtt-outbox");
        // Daemon: a terminal shutting down must not hang on the broker; close() is the orderly way out.
        thread.setDaemon(true);
    }

    /** Starts publishing in the background; the first connect happens on the publisher thread. */
    public static OutboxPublisher start(MqttSettings settings, Outbox outbox) {
        return start(settings, outbox, List.of());
    }

    /** As {@link #start(MqttSettings, Outbox)}, also listening to {@code subscriptions} on every connection. */
    public static OutboxPublisher start(MqttSettings settings, Outbox outbox, List<Subscription> subscriptions) {
        return create(settings, outbox).start(subscriptions);
    }

    /**
     * A publisher that does not connect until {@link #start(List)}: so that whatever handles its subscriptions,
     * and may publish through it, exists before the first message can arrive.
     */
    public static OutboxPublisher create(MqttSettings settings, Outbox outbox) {
        return new OutboxPublisher(settings, outbox);
    }

    /** Starts publishing, listening to {@code subscriptions} on every connection. Once only. */
    public OutboxPublisher start(List<Subscription> subscriptions) {
        inbound.start(subscriptions);
        reader.start();
        thread.start();
        return this;
    }

    /** Whether the publisher's threads are running (connected or not); false once one died or they were closed. */
    public boolean isRunning() {
        return thread.isAlive() && reader.isRunning();
    }

    public boolean isConnected() {
        BrokerConnection current = connection;
        return current != null && current.isConnected();
    }

    /** Events the broker has acknowledged since start; an event resent after a connection loss may count twice. */
    public long publishedCount() {
        return publishedCount.get();
    }

    /** Inbound messages a {@link Subscription.Delivery#SHEDDABLE} handler refused to admit, since start. */
    public long shedCount() {
        return inbound.shedCount();
    }

    /** Inbound messages discarded as they were read for being above their subscription's limit, since start. */
    public long oversizedCount() {
        return inbound.oversizedCount();
    }

    /** Wall-clock milliseconds of the latest acknowledgement, or 0 before the first. */
    public long lastAckEpochMs() {
        return lastAckEpochMs.get();
    }

    /** Connect attempts that failed since start: the health report's "broker unreachable" signal. */
    public long failedConnectAttempts() {
        return failedConnectAttempts.get();
    }

    /**
     * Publishes a message outside the outbox, QoS 1, now: the retained heartbeat and set of open alerts, command
     * results, replays. False when there is no connection or Paho's window is full; such a message is state the
     * caller publishes again (at the next heartbeat, or at the next connect through {@link #onConnect}).
     */
    public boolean publishDirect(String topicSuffix, byte[] payload, boolean retained) {
        return publishDirectTo(settings.topicFor(topicSuffix), payload, retained);
    }

    /**
     * As {@link #publishDirect}, to a whole topic outside the terminal's own: Home Assistant's discovery
     * configurations live under its own prefix.
     */
    public boolean publishDirectTo(String topic, byte[] payload, boolean retained) {
        BrokerConnection current = connection;
        if (current == null || !current.isConnected()) {
            return false;
        }
        try {
            current.publishDirect(topic, payload, retained);
            return true;
        } catch (MqttException e) {
            Logger.debug("MQTT direct publish to {} not sent: {}", topic, BrokerConnection.describe(e));
            return false;
        }
    }

    /** Runs {@code action} after every connect, on the commands' inbound thread: for retained state published anew. */
    public void onConnect(Runnable action) {
        connectActions.add(action);
    }

    /** Announces {@code offline} (if connected), disconnects and stops the thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        // Cuts short whichever wait the thread is in (outbox, acks, backoff, connect).
        thread.interrupt();
        try {
            thread.join(JOIN_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.stop();
        inbound.stop();
        if (thread.isAlive()) {
            Logger.warn("MQTT publisher thread did not stop within {} ms; leaving without a goodbye",
                    JOIN_TIMEOUT_MS);
            return;
        }
        // Said here rather than on the publisher thread, so no late interrupt can cut the goodbye short;
        // join() hands the thread's state over safely.
        sayGoodbye();
        Logger.info("MQTT publisher stopped ({} inbound message(s) shed, {} discarded for their size)",
                inbound.shedCount(), inbound.oversizedCount());
    }

    private void run() {
        Logger.info("MQTT publisher starting for {} (window {}, max rate {}/s)", settings.serverUri(),
                settings.inflightWindow(), settings.maxMessagesPerSecond());
        while (!stopping) {
            try {
                step();
            } catch (InterruptedException e) {
                break;
            } catch (MqttException e) {
                dropConnection("publish failed: " + BrokerConnection.describe(e));
            } catch (RuntimeException e) {
                Logger.error(e, "MQTT publisher step failed");
                pauseAfterFailure();
            }
        }
    }

    private void step() throws InterruptedException, MqttException {
        if (connection == null) {
            connect();
            return;
        }
        if (connection.isLost()) {
            dropConnection("connection lost: " + connection.lossCause());
            return;
        }
        recordAcks();
        Progress progress = publishWhatFits();
        failureBackoff.reset();
        if (progress == Progress.THROTTLED) {
            events.await(rateLimit.millisUntilToken());
        } else if (progress == Progress.NOTHING_SENDABLE) {
            // Acknowledgements, messages read and a lost connection all end the wait.
            events.await(IDLE_WAIT_MS);
        }
    }

    private void connect() {
        BrokerConnection attempt = new BrokerConnection(++generation, settings, events, inbound, lastAckEpochMs);
        try {
            attempt.open();
            connection = attempt;
            connectBackoff.reset();
            Logger.info("MQTT connected to {} as {}", settings.serverUri(), settings.clientId());
            connectActions.forEach(inbound::runAfterConnect);
        } catch (MqttException e) {
            attempt.closeQuietly();
            failedConnectAttempts.incrementAndGet();
            if (!stopping) {
                long delayMs = connectBackoff.next().toMillis();
                repeats.admit("connect failed").ifPresent(held -> Logger.warn(
                        "MQTT connect to {} failed ({}); retrying in {} ms{}", settings.serverUri(),
                        BrokerConnection.describe(e), delayMs, held));
                pause(delayMs);
            }
        }
    }

    /** Publishes the messages read, in seq order, while the window and the rate limit allow. */
    private Progress publishWhatFits() throws MqttException {
        int room = settings.inflightWindow() - inflight.size();
        if (room <= 0) {
            return Progress.NOTHING_SENDABLE;
        }
        List<OutboxMessage> batch = reader.peek(room);
        int sent = 0;
        try {
            for (OutboxMessage message : batch) {
                if (!rateLimit.tryTake()) {
                    return Progress.THROTTLED;
                }
                if (!connection.publish(message)) {
                    return Progress.NOTHING_SENDABLE;
                }
                inflight.add(message.seq());
                sent++;
            }
        } finally {
            reader.sent(sent);
        }
        return batch.isEmpty() ? Progress.NOTHING_SENDABLE : Progress.SENT;
    }

    /** Marks acknowledged events published, in one outbox call per batch; keeps them for a retry if that fails. */
    private void recordAcks() {
        for (PahoEvents.Ack ack : events.drainAcks()) {
            ackedNotYetMarked.add(ack.seq());
            // An ack from an earlier connection must not free a slot of the current window.
            if (connection != null && ack.generation() == connection.generation()) {
                inflight.remove(ack.seq());
            }
        }
        if (ackedNotYetMarked.isEmpty()) {
            return;
        }
        try {
            outbox.markPublished(List.copyOf(ackedNotYetMarked));
            publishedCount.addAndGet(ackedNotYetMarked.size());
            ackedNotYetMarked.clear();
        } catch (RuntimeException e) {
            repeats.admit("mark published").ifPresent(held -> Logger.error(e,
                    "Could not mark {} acknowledged event(s) published; will retry{}", ackedNotYetMarked.size(), held));
        }
    }

    /** Forgets the connection and its window: everything unacknowledged goes out again after reconnecting. */
    private void dropConnection(String reason) {
        recordAcks();
        Logger.warn("MQTT connection to {} dropped ({}); {} unacknowledged event(s) will be sent again",
                settings.serverUri(), reason, inflight.size());
        connection.closeQuietly();
        connection = null;
        inflight.clear();
        reader.restart();
    }

    private void sayGoodbye() {
        BrokerConnection current = connection;
        if (current == null) {
            return;
        }
        current.announceOfflineAndDisconnect();
        recordAcks();
        connection = null;
    }

    /** Paces repeated unexpected failures (an outbox error, say) so they neither spin nor flood the log. */
    private void pauseAfterFailure() {
        if (!stopping) {
            pause(failureBackoff.next().toMillis());
        }
    }

    private void pause(long delayMs) {
        try {
            Thread.sleep(delayMs);
        } catch (InterruptedException e) {
            // Only close() interrupts, and it has set stopping: the loop ends.
            Thread.currentThread().interrupt();
        }
    }

}
