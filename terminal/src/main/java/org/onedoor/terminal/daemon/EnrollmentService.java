package org.onedoor.terminal.daemon;

import java.io.IOException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.enrollment.AnswerCheck;
import org.onedoor.terminal.enrollment.EnrolledTerminal;
import org.onedoor.terminal.enrollment.EnrollmentAnswer;
import org.onedoor.terminal.enrollment.EnrollmentStore;
import org.onedoor.terminal.enrollment.EnrollmentTopics;
import org.onedoor.terminal.enrollment.EntranceCode;
import org.onedoor.terminal.enrollment.IdentityMessage;
import org.onedoor.terminal.enrollment.InvalidEnrollmentException;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.EventSink;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.lifecycle.Service;
import org.onedoor.terminal.mqtt.OutboxPublisher;
import org.onedoor.terminal.mqtt.Subscription;
import org.onedoor.terminal.report.SoftwareVersion;
import org.tinylog.Logger;

/**
 * The terminal's enrollment with its county (docs/county.md, Enrollment). At start it reads the device key and
 * the stored approval, and the terminal runs under the approved venue id and entrance codes; without an approval
 * it runs as configured and every event and heartbeat says {@code "enrolled": false} (an entrance never jams over
 * paperwork). While running it takes the county's answers from the broker, checks them and stores them. An
 * approval that adds entrances to the venue it runs under is taken at once (only the posters and the identity use
 * the codes); the first approval changes the venue id, and with it every topic, so it is taken at the next start,
 * which the heartbeat shows.
 */
final class EnrollmentService implements Service {
    private final TerminalConfig.Enrollment settings;
    private final TerminalConfig running;
    private final KeyPair deviceKey;
    private final EnrollmentStore store;
    /** The approval running; an approval that adds entrances to the same venue replaces it at once. */
    private volatile Optional<EnrollmentAnswer> approval;
    private final EventSink events;
    private final AnswerCheck check;
    private volatile Optional<EnrollmentAnswer> rejection;
    private volatile Optional<EnrollmentAnswer> received = Optional.empty();
    private volatile OutboxPublisher publisher;

    private EnrollmentService(TerminalConfig configured, EnrolledTerminal enrolled, EventSink events) {
        this.settings = configured.enrollment().orElseThrow();
        this.deviceKey = enrolled.deviceKey();
        this.approval = enrolled.approval();
        this.rejection = enrolled.rejection();
        this.store = enrolled.store();
        this.check = enrolled.check();
        this.events = events;
        this.running = approval.map(a -> configured.withIdentity(a.venueId().orElseThrow(), a.entrances().stream()
                .collect(Collectors.toMap(EntranceCode::name, EntranceCode::qr)))).orElse(configured);
    }

    /**
     * The enrollment of a configuration with {@code [venue]}; empty for one without.
     *
     * @throws StartupException when the device key is missing, readable by others or not one pair (exit 78)
     */
    static Optional<EnrollmentService> of(TerminalConfig config, EventSink events) throws StartupException {
        if (config.enrollment().isEmpty()) {
            return Optional.empty();
        }
        var settings = config.enrollment().get();
        var t = config.terminal();
        EnrolledTerminal enrolled;
        try {
            enrolled = EnrolledTerminal.read(t.dataDir(), settings.countyKey(), t.county(), t.id(),
                    settings.deviceKey());
        } catch (IOException e) {
            throw new StartupException("enrollment.device_key: " + e.getMessage()
                    + " (make one with: onedoor keygen --device " + settings.deviceKey() + ")", true, e);
        }
        enrolled.ignored().forEach(line -> Logger.error("enrollment: {}", line));
        return Optional.of(new EnrollmentService(config, enrolled, events));
    }

    /** The configuration to run: the approved identity, or the configured one before approval. */
    TerminalConfig config() {
        return running;
    }

    @Override
    public String name() {
        return "enrollment";
    }

    /** After approval, basic data in the file that differs from the approval is ignored: said once, at start. */
    @Override
    public void start() {
        approval.flatMap(EnrollmentAnswer::venue).filter(v -> !v.sameBasicData(settings.venue())).ifPresent(v -> {
            Logger.warn("[venue] differs from the county's approval: the approved venue data is used; an approved "
                    + "venue's basic data cannot change");
            events.record(new Event.Alert(AlertType.IDENTITY_MISMATCH, Severity.WARNING, null, null,
                    Map.of("venue", running.terminal().venue())));
        });
        String state = approval.isPresent() ? "approved as venue " + running.terminal().venue() : rejectionShown()
                ? "rejected: " + rejection.get().reason().orElse("") : "not approved yet (onedoor enroll)";
        Logger.info("enrollment: {}", state);
    }

    @Override
    public void stop() {
    }

    /** Fields every published event carries: terminal, venue and whether the county approved them. */
    Map<String, Object> eventFields() {
        var t = running.terminal();
        return Map.of("terminal", t.id(), "venue", t.venue(), "enrolled", approval.isPresent());
    }

    /** What the heartbeat adds: {@code enrolled}, and the state of the enrollment with a rejection's reason. */
    Map<String, Object> heartbeatFields() {
        Map<String, Object> enrollment = new LinkedHashMap<>();
        enrollment.put("state", approval.isPresent() ? "approved" : rejectionShown() ? "rejected" : "pending");
        enrollment.put("reason", rejectionShown() ? rejection.get().reason().orElse(null) : null);
        enrollment.put("restart_needed", received.filter(EnrollmentAnswer::approved).isPresent());
        return Map.of("enrolled", approval.isPresent(), "enrollment", enrollment);
    }

    /** A rejection counts when nothing was approved since. */
    private boolean rejectionShown() {
        return rejection.isPresent() && approval.map(a -> a.decidedAt().isBefore(rejection.get().decidedAt()))
                .orElse(true);
    }

    List<Subscription> subscriptions() {
        var t = running.terminal();
        String root = running.mqtt().topicRoot();
        return List.of(new Subscription(EnrollmentTopics.approval(root, t.county(), t.id()),
                        (topic, payload, retained) -> answer(payload)),
                new Subscription(EnrollmentTopics.rejection(root, t.county(), t.id()),
                        (topic, payload, retained) -> answer(payload)));
    }

    /** At every connect: the identity, retained, and the stored request again while it waits for an answer. */
    void onConnect(OutboxPublisher publisher) {
        this.publisher = publisher;
        publishIdentity(publisher);
        var t = running.terminal();
        try {
            Optional<byte[]> request = store.requestBytes();
            if (request.isPresent()) {
                publisher.publishDirectTo(EnrollmentTopics.request(running.mqtt().topicRoot(), t.county(), t.id()),
                        request.get(), true);
            }
        } catch (IOException e) {
            Logger.error("the stored enrollment request cannot be read: {}", e.getMessage());
        }
    }

    private void publishIdentity(OutboxPublisher publisher) {
        var t = running.terminal();
        List<IdentityMessage.LaneEntrance> lanes = running.lanes().stream().map(l -> new IdentityMessage.LaneEntrance(
                l.name(), l.entrance(), l.direction().name().toLowerCase(Locale.ROOT))).toList();
        publisher.publishDirect("identity", IdentityMessage.of(t.county(), t.id(), t.venue(), approval,
                SoftwareVersion.current(), org.onedoor.terminal.risklist.SigningKeys.publicKeyText(
                        deviceKey.getPublic()), lanes, Instant.now()), true);
    }

    /** Every byte is hostile: an answer that fails a check is logged without its content and changes nothing. */
    private void answer(byte[] payload) {
        try {
            EnrollmentAnswer a = check.accept(payload, approval);
            if (approval.isPresent() && a.approved() && a.entrances().equals(approval.get().entrances())
                    && a.decidedAt().equals(approval.get().decidedAt())) {
                return; // the retained approval this terminal runs under, again at a reconnect
            }
            store.storeAnswer(a, payload);
            if (a.approved() && approval.isPresent()) {
                approval = Optional.of(a);
                Logger.info("the county approved venue {} with {} entrance(s): taken now", a.venueId().orElseThrow(),
                        a.entrances().size());
                Optional.ofNullable(publisher).ifPresent(this::publishIdentity);
            } else if (a.approved()) {
                received = Optional.of(a);
                Logger.warn("the county approved venue {} with {} entrance(s); restart the terminal to take it "
                        + "(systemctl restart onedoor)", a.venueId().orElseThrow(), a.entrances().size());
            } else {
                rejection = Optional.of(a);
                Logger.warn("the county rejected the enrollment: {}", a.reason().orElse(""));
            }
        } catch (InvalidEnrollmentException e) {
            Logger.warn("an enrollment answer was refused: {}", e.getMessage());
        } catch (IOException e) {
            Logger.error("an enrollment answer could not be stored: {}", e.getMessage());
        }
    }
}
