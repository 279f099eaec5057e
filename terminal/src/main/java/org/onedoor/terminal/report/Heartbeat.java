package org.onedoor.terminal.report;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.function.Supplier;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.ledger.Recorded;
import org.onedoor.terminal.lifecycle.Service;
import org.onedoor.terminal.mqtt.DirectPublisher;
import org.tinylog.Logger;

/**
 * The retained state a dashboard reads first: the heartbeat ({@code status}) every interval, at each connect and
 * when asked, and the open alerts ({@code alert/active}) at each connect and whenever they change.
 */
public final class Heartbeat implements Service {
    private final Supplier<TerminalState> state;
    private final DirectPublisher publisher;
    private final String terminal;
    private final String venue;
    private final Duration interval;
    private final ActiveAlerts activeAlerts = new ActiveAlerts();
    private final RepeatLimiter repeats = new RepeatLimiter();
    private ScheduledExecutorService thread;
    private volatile Supplier<Map<String, Object>> more = Map::of;

    /**
     * @param state     the terminal's state as of now
     * @param publisher where both go; one that is not connected drops them until the next connect
     */
    public Heartbeat(Supplier<TerminalState> state, DirectPublisher publisher, String terminal, String venue,
                     Duration interval) {
        this.state = state;
        this.publisher = publisher;
        this.terminal = terminal;
        this.venue = venue;
        this.interval = interval;
    }

    /** Fields another service adds to every heartbeat (the enrollment's); set before the heartbeat starts. */
    public void alsoReport(Supplier<Map<String, Object>> fields) {
        more = fields;
    }

    @Override
    public String name() {
        return "heartbeat";
    }

    @Override
    public void start() {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleAtFixedRate(this::publishHeartbeat, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        thread.shutdownNow();
    }

    /** Every recorded event passes here: an alert that opens or closes a condition republishes the open set. */
    public void observe(Event event, Recorded recorded) {
        if (activeAlerts.observe(event, recorded)) {
            publishActiveAlerts();
        }
    }

    /** Both retained topics, as at every connect. */
    public void publishState() {
        publishHeartbeat();
        publishActiveAlerts();
    }

    /** Publishes the heartbeat now; the {@code status} command asks for this too. */
    public void publishHeartbeat() {
        try {
            publisher.publishDirect("status", StatusPayloads.heartbeat(state.get(), terminal, venue, Instant.now(),
                    more.get()),
                    true);
        } catch (RuntimeException e) {
            repeats.admit("heartbeat").ifPresent(held -> Logger.error(e, "heartbeat not published{}", held));
        }
    }

    private void publishActiveAlerts() {
        publisher.publishDirect("alert/active", StatusPayloads.activeAlerts(activeAlerts.snapshot(), Instant.now()),
                true);
    }
}
