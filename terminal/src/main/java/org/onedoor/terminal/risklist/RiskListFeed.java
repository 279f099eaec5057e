package org.onedoor.terminal.risklist;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.onedoor.terminal.event.AlertCoalescer;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.event.EventSink;
import org.onedoor.terminal.lifecycle.Service;
import org.onedoor.terminal.mqtt.OversizeAlerts;
import org.onedoor.terminal.mqtt.Subscription;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.status.RiskCheck;
import org.tinylog.Logger;

/**
 * The county's risk list on this terminal: opened from the card and re-verified at start, fed from the
 * county's snapshot and delta topics, and looked up under the county's risk key. What each message did is
 * logged and, when it matters, alerted.
 */
public final class RiskListFeed implements Service {
    /**
     * Where the list lives and whom it trusts.
     *
     * @param riskKey  the county's risk-list pseudonym key for epoch {@code keyEpoch}
     * @param keyEpoch a list of another epoch would miss everyone silently: it is not used at all
     */
    public record Settings(Path dir, PublicKey countyKey, String county, int maxEntries, Pseudonymizer riskKey,
                           int keyEpoch) {
    }

    private final Settings settings;
    private final EventSink events;
    private final OversizeAlerts oversize;
    private final Clock clock;
    private final RepeatLimiter repeats = new RepeatLimiter();
    /** Anyone who can publish on the risk-list topics can cause these: one alert a minute per type at most. */
    private final AlertCoalescer alerts;
    private volatile RiskList list;

    public RiskListFeed(Settings settings, EventSink events, OversizeAlerts oversize, Clock clock) {
        this.settings = settings;
        this.events = events;
        this.oversize = oversize;
        this.clock = clock;
        this.alerts = new AlertCoalescer(Duration.ofMinutes(1), System::nanoTime, events::record);
    }

    @Override
    public String name() {
        return "risk list";
    }

    /** The list as it stands on this card, re-verified; a problem with it is logged, and the list stays empty. */
    @Override
    public void start() throws IOException {
        RiskList opened = RiskList.open(settings.dir(), settings.countyKey(), settings.county(), clock,
                settings.maxEntries());
        RiskListState state = opened.state();
        state.problem().ifPresent(p -> Logger.error("risk list: {}", p));
        Logger.info("risk list version {} (epoch {}, {} entries)", state.version(), state.epoch(), state.entries());
        list = opened;
    }

    @Override
    public void stop() {
        // Every change is stored as it is applied: nothing to write or release.
    }

    /** Looks a subject up under the county's risk key; for the status resolver, once started. */
    public RiskCheck riskCheck() {
        return subject -> list.listing(settings.riskKey().pseudonym(subject), settings.keyEpoch());
    }

    /** When the list in force was issued; empty while there is none of the risk key's epoch. */
    public Optional<Instant> issuedAt() {
        return list.issuedAt(settings.keyEpoch());
    }

    public RiskListState state() {
        return list.state();
    }

    /** The county's snapshot and delta topics under {@code topicRoot}, held, never shed; once started. */
    public List<Subscription> subscriptions(String topicRoot) {
        List<Subscription> subscriptions = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            subscriptions.add(new Subscription(kind.topic(topicRoot, settings.county()), handler(kind),
                    Subscription.Delivery.RELIABLE, list.maxPayloadBytes()));
        }
        return subscriptions;
    }

    /** Every message on a risk-list topic is either offered to the list or, when it was lost, gaps it. */
    private Subscription.Handler handler(Kind kind) {
        return new Subscription.Handler() {
            @Override
            public void onMessage(String topic, byte[] payload, boolean retained) {
                RiskListFeed.this.onMessage(kind, payload);
            }

            @Override
            public void onLost(String topic, Subscription.Loss loss, long bytes) {
                list.markLost(kind.wireName() + " " + loss.name().toLowerCase(java.util.Locale.ROOT));
                events.record(new Event.Alert(AlertType.RISKLIST_GAP, Severity.WARNING, null, null,
                        Map.of("version", list.state().version())));
                if (loss == Subscription.Loss.OVERSIZED) {
                    oversize.discarded("risklist/" + kind.wireName(), bytes);
                }
            }
        };
    }

    /** Writes the alerts held back within their minute; the maintenance thread calls it every 2 s. */
    public void flushAlerts() {
        alerts.flush();
    }

    private void onMessage(Kind kind, byte[] payload) {
        Applied applied = list.offer(payload, kind);
        repeats.admit("risk list " + kind.wireName() + " " + applied.result()).ifPresent(held -> Logger.info(
                "risk list {} of {} bytes: {}{}", kind.wireName(), payload.length, applied, held));
        switch (applied.result()) {
            case APPLIED, REFRESHED, IGNORED -> { }
            case GAP -> alerts.offer(new Event.Alert(AlertType.RISKLIST_GAP, Severity.WARNING, null, null,
                    Map.of("version", list.state().version())));
            default -> alerts.offer(new Event.Alert(AlertType.RISKLIST_REFUSED, Severity.HIGH, null, null,
                    Map.of("kind", kind.wireName(), "result", applied.result().wireName())));
        }
    }
}
