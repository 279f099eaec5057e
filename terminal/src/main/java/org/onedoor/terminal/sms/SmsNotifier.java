package org.onedoor.terminal.sms;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.onedoor.drivers.modem.ModemException;
import org.onedoor.drivers.modem.PduEncoder;
import org.onedoor.drivers.modem.SmsModem;
import org.onedoor.drivers.modem.SubmitPdu;
import org.onedoor.drivers.retry.Backoff;
import org.onedoor.terminal.sms.SmsOutcome.Status;
import org.tinylog.Logger;

/**
 * Texts alerts to the venue administrators through a cellular modem, on a thread of its own
 * ({@code sms}): {@link #offer} never waits, so a slow or dead modem never holds up a gate.
 *
 * <p>Alerts are handled one at a time, in order. Each becomes one message per number, each message
 * tried up to {@code attempts} times with a doubling, jittered delay between tries; a message in several parts
 * resumes at the first part not yet accepted, so a retry does not send a part twice. New alerts wait
 * in a bounded queue meanwhile. The rate limit holds back what exceeds {@code max_per_hour} per
 * number and sends one summary when a slot is free again. Every message's fate — sent, failed,
 * suppressed — goes to the outcome callback.
 */
public final class SmsNotifier implements AutoCloseable {
    /** A text about a gate is stale after a day; the service centre stops trying then. */
    static final Duration VALIDITY = Duration.ofHours(24);
    static final Duration WINDOW = Duration.ofHours(1);
    /** The longest the idle thread sleeps before looking whether a summary is due. */
    private static final long IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long JOIN_TIMEOUT_MS = 5000;
    private static final int MAX_REASON_CHARS = 160;
    /** Retries wait at most this many doublings of the first retry delay. */
    private static final int MAX_DOUBLINGS = 10;

    private final SmsSettings settings;
    private final SmsModem modem;
    private final Consumer<SmsOutcome> outcomes;
    private final LongSupplier nanoTime;
    private final BlockingQueue<AlertNotice> intake;
    private final AlertText texts;
    private final PduEncoder encoder = new PduEncoder(VALIDITY);
    private final RateLimit limit;
    private final Backoff retries;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong suppressed = new AtomicLong();
    private volatile String modemState = "unknown";
    private volatile String lastFailure;
    private volatile boolean closed;
    private Thread worker;

    /** Owned by the worker. */
    private final PriorityQueue<Message> pending =
            new PriorityQueue<>(Comparator.comparingLong((Message m) -> m.dueNanos).thenComparingLong(m -> m.order));
    private long nextOrder;
    private int nextReference;

    /**
     * @param outcomes called on the {@code sms} thread, and on the offering thread for an alert that
     *                 found the queue full; it must not throw (what it throws is logged and dropped)
     */
    public SmsNotifier(SmsSettings settings, SmsModem modem, Consumer<SmsOutcome> outcomes) {
        this(settings, modem, outcomes, System::nanoTime);
    }

    SmsNotifier(SmsSettings settings, SmsModem modem, Consumer<SmsOutcome> outcomes, LongSupplier nanoTime) {
        this.settings = settings;
        this.modem = modem;
        this.outcomes = outcomes;
        this.nanoTime = nanoTime;
        this.intake = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.texts = new AlertText(settings.zone());
        this.limit = new RateLimit(settings.maxPerHour(), WINDOW.toNanos());
        this.retries = Backoff.withJitter(settings.firstRetryDelay(),
                settings.firstRetryDelay().multipliedBy(1L << MAX_DOUBLINGS));
    }

    public synchronized void start() {
        if (worker != null || closed) {
            throw new IllegalStateException("SMS notifier already started or closed");
        }
        worker = new Thread(this::run, "sms");
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Queues {@code notice} when its type is one to text. Returns at once: false when the type is not
     * configured, the notifier is closed, or the queue is full — the last reported as a failure.
     */
    public boolean offer(AlertNotice notice) {
        if (closed || !settings.types().contains(notice.type())) {
            return false;
        }
        if (intake.offer(notice)) {
            return true;
        }
        Logger.warn("SMS: queue full ({} alerts); {} alert not texted", settings.queueCapacity(), notice.type());
        failed.incrementAndGet();
        report(new SmsOutcome(Status.FAILED, notice.type(), null, 0, List.of(), "queue full"));
        return false;
    }

    public SmsHealth health() {
        int queued = intake.size();
        return new SmsHealth(modemState, sent.get(), failed.get(), suppressed.get(), queued, lastFailure);
    }

    /** Stops the thread, reports what was still waiting as failed, and releases the modem. */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            thread = worker;
        }
        if (thread == null) {
            abandonQueued();
            modem.close();
            return;
        }
        thread.interrupt();
        try {
            thread.join(JOIN_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            Logger.warn("SMS: thread did not stop within {} ms", JOIN_TIMEOUT_MS);
        }
    }

    private void run() {
        try {
            while (!closed) {
                step();
            }
        } catch (InterruptedException e) {
            Logger.debug("SMS: thread interrupted");
        } finally {
            abandonPending();
            abandonQueued();
            modem.close();
        }
    }

    /** Sends the message that is due, or waits for one, a new alert or a free slot for a summary. */
    private void step() throws InterruptedException {
        long now = nanoTime.getAsLong();
        if (pending.isEmpty()) {
            summariseOwed(now);
        }
        Message next = pending.peek();
        if (next == null) {
            AlertNotice notice = intake.poll(IDLE_WAIT_NANOS, TimeUnit.NANOSECONDS);
            if (notice != null) {
                accept(notice, nanoTime.getAsLong());
            }
            return;
        }
        long waitNanos = next.dueNanos - now;
        if (waitNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(waitNanos, IDLE_WAIT_NANOS));
            return;
        }
        attempt(pending.poll());
    }

    private void accept(AlertNotice notice, long now) {
        String text = texts.of(notice);
        for (MobileNumber number : settings.numbers()) {
            if (limit.tryAcquire(number, now)) {
                schedule(notice.type(), number, text, now);
            } else {
                limit.suppress(number, notice);
                suppressed.incrementAndGet();
                Logger.info("SMS: {} alert to {} held back by the rate limit", notice.type(), number);
                report(new SmsOutcome(Status.SUPPRESSED, notice.type(), number.masked(), 0, List.of(), null));
            }
        }
    }

    private void summariseOwed(long now) {
        for (MobileNumber number : limit.owing()) {
            if (limit.tryAcquire(number, now)) {
                schedule(SmsOutcome.SUMMARY, number, texts.summary(limit.take(number)), now);
            }
        }
    }

    private void schedule(String alertType, MobileNumber number, String text, long now) {
        List<SubmitPdu> parts;
        try {
            parts = encoder.encode(number.international(), text, nextReference);
        } catch (IllegalArgumentException e) {
            failed.incrementAndGet();
            report(new SmsOutcome(Status.FAILED, alertType, number.masked(), 0, List.of(), e.getMessage()));
            return;
        }
        nextReference = (nextReference + 1) & 0xFF;
        pending.add(new Message(alertType, number, parts, now, nextOrder++));
    }

    private void attempt(Message message) throws InterruptedException {
        message.attempts++;
        try {
            modem.prepare();
            while (message.references.size() < message.parts.size()) {
                message.references.add(modem.submit(message.parts.get(message.references.size())));
            }
            modemState = "ok";
            sent.incrementAndGet();
            Logger.info("SMS: {} alert sent to {} in {} part(s), attempt {}", message.alertType, message.number,
                    message.parts.size(), message.attempts);
            report(new SmsOutcome(Status.SENT, message.alertType, message.number.masked(), message.attempts,
                    message.references, null));
        } catch (InterruptedException e) {
            giveUp(message, "stopped");
            throw e;
        } catch (ModemException e) {
            attemptFailed(message, e.reason());
        } catch (IOException e) {
            attemptFailed(message, "port: " + e.getMessage());
        } catch (RuntimeException e) {
            Logger.error(e, "SMS: unexpected failure sending a {} alert", message.alertType);
            attemptFailed(message, e.getClass().getSimpleName());
        }
    }

    private void attemptFailed(Message message, String why) {
        String reason = why.length() > MAX_REASON_CHARS ? why.substring(0, MAX_REASON_CHARS) : why;
        modemState = "failing";
        lastFailure = reason;
        if (message.attempts < settings.attempts()) {
            long delayNanos = retries.delayAfter(message.attempts).toNanos();
            message.dueNanos = nanoTime.getAsLong() + delayNanos;
            pending.add(message);
            Logger.warn("SMS: {} alert to {}: attempt {} failed ({}); next in {} ms", message.alertType,
                    message.number, message.attempts, reason, TimeUnit.NANOSECONDS.toMillis(delayNanos));
            return;
        }
        giveUp(message, reason);
    }

    private void giveUp(Message message, String reason) {
        failed.incrementAndGet();
        Logger.warn("SMS: {} alert to {} given up after {} attempt(s): {}", message.alertType, message.number,
                message.attempts, reason);
        report(new SmsOutcome(Status.FAILED, message.alertType, message.number.masked(), message.attempts,
                message.references, reason));
    }

    private void abandonPending() {
        Message message;
        while ((message = pending.poll()) != null) {
            giveUp(message, "stopped");
        }
    }

    private void abandonQueued() {
        AlertNotice notice;
        while ((notice = intake.poll()) != null) {
            for (MobileNumber number : settings.numbers()) {
                failed.incrementAndGet();
                report(new SmsOutcome(Status.FAILED, notice.type(), number.masked(), 0, List.of(), "stopped"));
            }
        }
    }

    private void report(SmsOutcome outcome) {
        try {
            outcomes.accept(outcome);
        } catch (RuntimeException e) {
            Logger.error(e, "SMS: outcome callback failed for a {} message", outcome.alertType());
        }
    }

    /** One text to one number, and how far it got. */
    private static final class Message {
        final String alertType;
        final MobileNumber number;
        final List<SubmitPdu> parts;
        final List<Integer> references = new ArrayList<>();
        final long order;
        long dueNanos;
        int attempts;

        Message(String alertType, MobileNumber number, List<SubmitPdu> parts, long dueNanos, long order) {
            this.alertType = alertType;
            this.number = number;
            this.parts = parts;
            this.dueNanos = dueNanos;
            this.order = order;
        }
    }
}
