package org.onedoor.terminal.lane;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.onedoor.drivers.idcard.CardRead;
import org.onedoor.drivers.idcard.IdCardListener;
import java.util.function.Consumer;
import org.onedoor.drivers.serial.FatalErrors;
import org.onedoor.drivers.serial.ScanListener;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.terminal.actuation.LaneActuator;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.decision.DecisionPolicy;
import org.onedoor.terminal.decision.DuplicateWindow;
import org.onedoor.terminal.decision.Outcome;
import org.onedoor.terminal.decision.TerminalMode;
import org.onedoor.terminal.freshness.FreshnessMonitor;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Credential;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.ledger.EventRecorder;
import org.onedoor.terminal.ledger.LedgerException;
import org.onedoor.terminal.ledger.Recorded;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.recognition.CodeRecognizer;
import org.onedoor.terminal.recognition.IdNumbers;
import org.onedoor.terminal.recognition.RecognizedCode;
import org.onedoor.terminal.recognition.ScanText;
import org.onedoor.terminal.signed.SignedCodes;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.status.Resolution;
import org.onedoor.terminal.status.StatusLookup;
import org.onedoor.terminal.status.VerifyRequest;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.tinylog.Logger;

/**
 * One lane's path from a scanner frame to an open or closed gate: decode → recognise → resolve the
 * status → decide → commit to the ledger → actuate. Runs on the lane's scanner thread, so one slow
 * lane never holds up another. Never throws but for a fault of the whole JVM: a frame that breaks
 * something, a stack overflow included, is counted and refused.
 *
 * <p>A lane with an ID-card reader also takes its cards, on the reader's thread: the checked ID number is
 * the person's subject, then the same path from the status on. A decision at a time: a scan and a card at
 * the same instant are decided one after the other.
 */
public final class LanePipeline implements ScanListener, IdCardListener {
    /** The parts of the terminal every lane shares. */
    public record Shared(String terminal, String venue, CodeRecognizer recognizer, Pseudonymizer pseudonymizer,
                         StatusLookup resolver, DecisionPolicy policy, TerminalMode mode,
                         FreshnessMonitor freshness, Optional<SignedCodes> signedCodes, EventRecorder ledger,
                         WriteFailurePolicy onWriteFailure, Clock clock) {
    }

    /** What the devices of a lane can do now: the voice prompts ask the one that still works to be used. */
    public record Devices(boolean scannerUp, boolean hasIdCardReader, boolean idCardReaderUp) {
    }

    /** An ID card whose number fails GB 11643: refused like a text that is no code. */
    public static final String INVALID_ID = "invalid_id";
    private static final Outcome INVALID_OUTCOME = Outcome.refuse(INVALID_ID, null);
    /** A grant that could not be recorded, under the {@code refuse-all} policy. */
    static final Outcome UNRECORDABLE = Outcome.refuse("unrecordable", null);
    /** The outcome counted for a frame whose handling threw. */
    public static final String SCAN_FAILED = "scan_failed";

    private final LaneSettings lane;
    private final Shared shared;
    private final LaneActuator actuator;
    private final DuplicateWindow recent;
    private final Scanner scanner;
    private final LaneCounters counters = new LaneCounters();
    /** A failing card fails every scan: the counters keep the total, the journal one line a minute. */
    private final RepeatLimiter repeats = new RepeatLimiter();
    /** Ten codes the service does not know within a minute: someone may be trying forged codes. */
    private final BurstDetector unknownCodes = new BurstDetector(10, TimeUnit.MINUTES.toNanos(1));
    /** Fifty frames of noise within a minute: a failing cable, or a scanner reading a screen. */
    private final BurstDetector noiseFrames = new BurstDetector(50, TimeUnit.MINUTES.toNanos(1));
    /** Ten cards with impossible numbers within a minute: forged or damaged cards, or a failing reader. */
    private final BurstDetector invalidIds = new BurstDetector(10, TimeUnit.MINUTES.toNanos(1));
    private final boolean hasIdCardReader;
    /** Up until the scanner says otherwise: a lane is not at fault before its scanner has been opened. */
    private volatile boolean scannerUp = true;
    private volatile boolean idCardReaderUp;
    /** An idcard_down alert went out and its idcard_up has not. */
    private boolean readerDownAlerted;
    /** At most one {@code tailgate} alert a minute: the heartbeat counts every unchecked passage. */
    private static final long TAILGATE_ALERT_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private final List<LaneListener> listeners = new CopyOnWriteArrayList<>();
    /** {@link System#nanoTime()} of the last {@code tailgate} alert; guarded by this. */
    private long lastTailgateAlert;
    /** Unchecked passages not yet in a {@code tailgate} alert; guarded by this. */
    private long tailgatesUnalerted;
    /** A scanner_down alert went out and its scanner_up has not: only a recovery is worth an alert. */
    private boolean downAlerted;
    /** {@link System#nanoTime()} when the decision in progress began; 0 when none is. */
    private volatile long decidingSince;

    /** @param scanner the lane's scanner, asked to signal refusals; it delivers its frames here once started */
    public LanePipeline(LaneSettings lane, Shared shared, LaneActuator actuator, DuplicateWindow recent, Scanner scanner) {
        this(lane, shared, actuator, recent, scanner, false);
    }

    /** @param hasIdCardReader the lane has an ID-card reader, which delivers its cards here once started */
    public LanePipeline(LaneSettings lane, Shared shared, LaneActuator actuator, DuplicateWindow recent, Scanner scanner,
                        boolean hasIdCardReader) {
        this.lane = lane;
        this.shared = shared;
        this.actuator = actuator;
        this.recent = recent;
        this.scanner = scanner;
        this.hasIdCardReader = hasIdCardReader;
    }

    /** Whether the lane's scanner and ID-card reader are up now, as they last reported; answers at once. */
    public Devices devices() {
        return new Devices(scannerUp, hasIdCardReader, hasIdCardReader && idCardReaderUp);
    }

    public String name() {
        return lane.name();
    }

    public String direction() {
        return lane.direction().name().toLowerCase(Locale.ROOT);
    }

    public LaneCounters counters() {
        return counters;
    }

    /** Adds a listener, told of every outcome and scanner change from now on; before the scanner starts. */
    public void listen(LaneListener listener) {
        listeners.add(listener);
    }

    /**
     * Whether the lane is not stuck in a decision: none running, or one running for less than {@code limit}.
     * The watchdog asks; a decision is bounded by the service budget and a ledger write, far below a second.
     */
    public boolean notStuck(java.time.Duration limit) {
        long since = decidingSince;
        return since == 0 || System.nanoTime() - since < limit.toNanos();
    }

    @Override
    public synchronized void onFrame(byte[] frame, long endNanos) {
        decidingSince = System.nanoTime();
        try {
            Optional<String> text = ScanText.decode(frame, lane.charset());
            if (text.isEmpty()) {
                counters.countNoise();
                alertOnBurst(noiseFrames, AlertType.NOISE_FLOOD);
                return;
            }
            handleText(text.get(), endNanos);
        } catch (Throwable e) {
            if (FatalErrors.jvmWide(e)) {
                throw e;
            }
            refuseFailed(frame.length, e);
        } finally {
            decidingSince = 0;
        }
    }

    /**
     * Takes a made-up frame down the path a scan takes — decoding, recognition, pseudonyms, the risk list and cache
     * lookups, the policy, the entry's row written and rolled back — so that the first person after a start is not
     * the one who pays for loading and first running it. Touches no relay, lamp, duplicate window, counter, ledger
     * row, cache entry or publisher; the service is not asked (its connection is warmed apart, by the probe).
     *
     * @param subject stands for the holder the frame's code names, if any: a made-up one
     */
    public void rehearse(byte[] frame, String subject) {
        Optional<String> text = ScanText.decode(frame, lane.charset());
        if (text.isEmpty()) {
            return;
        }
        Optional<RecognizedCode> code = shared.recognizer().recognize(text.get());
        String holder = code.flatMap(RecognizedCode::subject).orElse(subject);
        Resolution resolution = shared.resolver().rehearse(holder);
        Mode mode = shared.mode().current();
        Outcome outcome = shared.policy().decide(mode, lane.direction(), resolution, shared.clock().instant());
        shared.ledger().rehearse(entryOf(resolution, outcome, mode));
    }

    /**
     * A frame that broke the path — whatever it threw, a stack overflow included — is refused: the gate
     * stays shut, the scanner shows a refusal, and the heartbeat counts it as {@code refused:scan_failed}.
     * No entry is recorded, as the failure may have come after the entry's commit. The log names the
     * failure's class, never the frame.
     */
    private void refuseFailed(int frameBytes, Throwable e) {
        counters.countError();
        counters.countOutcome("refused", SCAN_FAILED);
        scanner.signalRefusal();
        repeats.admit("scan failed").ifPresent(held -> Logger.error("lane {}: a scan of {} bytes failed: {}{}",
                lane.name(), frameBytes, e.getClass().getName(), held));
    }

    /**
     * Amber blinks while the scanner is down, and the county hears of it: {@code scanner_down} when
     * it goes, {@code scanner_up} when it comes back. The detail is the port or the module's fault,
     * never a frame's bytes.
     */
    @Override
    public void onAvailability(boolean up, String detail) {
        scannerUp = up;
        actuator.scannerAvailability(up);
        tell(LaneListener::devicesChanged);
        if (up) {
            Logger.info("lane {}: scanner up", lane.name());
        } else {
            Logger.warn("lane {}: scanner down: {}", lane.name(), detail);
        }
        if (up == downAlerted) {
            downAlerted = !up;
            record(new Event.Alert(up ? AlertType.SCANNER_UP : AlertType.SCANNER_DOWN, up ? Severity.INFO : Severity.HIGH,
                    lane.name(), null,
                    Map.of("detail", detail)));
        }
    }

    /**
     * A card read by the lane's reader, once per placement. Its number is checked first: one that fails is
     * refused ({@value #INVALID_ID}) and never leaves this method, not even as a pseudonym. A valid one is
     * the person's subject, so the cache, the duplicate window and the risk list know the person as they
     * would from a code carrying the same number.
     */
    @Override
    public synchronized void onCard(CardRead card, long detectedNanos) {
        decidingSince = System.nanoTime();
        try {
            LocalDate today = LocalDate.now(shared.clock());
            Optional<String> number = IdNumbers.check(card.idNumber(), today);
            Mode mode = shared.mode().current();
            if (number.isEmpty()) {
                concludeCard(null, INVALID_OUTCOME, false, mode, detectedNanos);
                alertOnBurst(invalidIds, AlertType.INVALID_ID_BURST);
                return;
            }
            String pseudonym = shared.pseudonymizer().pseudonym(number.get());
            if (isRepeat(pseudonym)) {
                return;
            }
            Resolution resolution = shared.resolver().resolve(new VerifyRequest(number.get(),
                    VerifyRequest.Form.ID_NUMBER, shared.terminal(), shared.venue(), lane.entrance(),
                    shared.clock().instant()), number);
            boolean expired = card.validTo().map(end -> end.isBefore(today)).orElse(false);
            concludeCard(resolution, shared.policy().decide(mode, lane.direction(), resolution,
                    shared.clock().instant()), expired, mode, detectedNanos);
        } catch (Throwable e) {
            if (FatalErrors.jvmWide(e)) {
                throw e;
            }
            refuseFailed(0, e);
        } finally {
            decidingSince = 0;
        }
    }

    private void concludeCard(Resolution resolution, Outcome decided, boolean expired, Mode mode, long startNanos) {
        Event.Entry code = entryOf(resolution, decided, mode);
        Event.Entry entry = new Event.Entry(code.lane(), code.entrance(), code.direction(), code.result(),
                code.reason(), code.status(), code.source(), code.subject(), code.mode(), code.freshness(), null,
                Credential.ID_CARD.wire(), expired);
        Outcome outcome = commitAndActuate(entry, decided, startNanos).outcome();
        if (resolution != null && resolution.pseudonym() != null) {
            recent.remember(resolution.pseudonym(), System.nanoTime());
        }
        afterDecision(resolution, outcome);
    }

    /**
     * An {@code idcard_down} alert when the reader goes, {@code idcard_up} when it comes back. The lamps stay as
     * they are: the scanner still serves, and amber blinking is the scanner's own fault signal.
     */
    @Override
    public void onReaderAvailability(boolean up, String detail) {
        idCardReaderUp = up;
        tell(LaneListener::devicesChanged);
        if (up) {
            Logger.info("lane {}: id-card reader up", lane.name());
        } else {
            Logger.warn("lane {}: id-card reader down: {}", lane.name(), detail);
        }
        if (up == readerDownAlerted) {
            readerDownAlerted = !up;
            record(new Event.Alert(up ? AlertType.IDCARD_UP : AlertType.IDCARD_DOWN, up ? Severity.INFO : Severity.HIGH,
                    lane.name(), null, Map.of("detail", detail)));
        }
    }

    private void handleText(String text, long endNanos) {
        // The text's own pseudonym keys the duplicate window until the subject is known; it never leaves memory.
        String textKey = "t:" + shared.pseudonymizer().pseudonym(text);
        if (isRepeat(textKey)) {
            return;
        }
        Mode mode = shared.mode().current();
        if (shared.signedCodes().isPresent() && SignedCodes.isSigned(text)) {
            Resolution resolution = shared.signedCodes().get().resolve(text);
            if (resolution.pseudonym() != null && isRepeat(resolution.pseudonym())) {
                return; // the same holder with another of their certificates
            }
            conclude(textKey, resolution, shared.policy().decide(mode, lane.direction(), resolution,
                    shared.clock().instant()), mode, endNanos);
            return;
        }
        Optional<RecognizedCode> code = shared.recognizer().recognize(text);
        if (code.isEmpty()) {
            conclude(textKey, null, DecisionPolicy.UNRECOGNISED, mode, endNanos);
            return;
        }
        Optional<String> subjectKey = code.get().subject().map(shared.pseudonymizer()::pseudonym);
        if (subjectKey.isPresent() && isRepeat(subjectKey.get())) {
            return;
        }
        Resolution resolution = shared.resolver().resolve(request(code.get()), code.get().subject());
        if (subjectKey.isEmpty() && resolution.pseudonym() != null && isRepeat(resolution.pseudonym())) {
            return;
        }
        Outcome outcome = shared.policy().decide(mode, lane.direction(), resolution, shared.clock().instant());
        conclude(textKey, resolution, outcome, mode, endNanos);
    }

    /**
     * A repeat within the window is counted and otherwise ignored: no pulse, no record, and no lamp,
     * since showing green again without a pulse would tell the entrant the gate had opened.
     */
    private boolean isRepeat(String key) {
        if (!recent.seenWithin(key, System.nanoTime())) {
            return false;
        }
        counters.countDuplicate();
        return true;
    }

    private void conclude(String textKey, Resolution resolution, Outcome decided, Mode mode, long endNanos) {
        String pseudonym = resolution == null ? null : resolution.pseudonym();
        Actuated actuated = commitAndActuate(entryOf(resolution, decided, mode), decided, endNanos);
        Outcome outcome = actuated.outcome();
        long latencyUs = actuated.latencyUs();
        long now = System.nanoTime();
        recent.remember(textKey, now);
        if (pseudonym != null) {
            recent.remember(pseudonym, now);
        }
        if (latencyUs >= 0) {
            counters.countLatency(latencyUs);
        }
        afterDecision(resolution, outcome);
        Logger.debug("lane {}: {} ({}) in {} us", lane.name(), outcome.result(), outcome.reason(), latencyUs);
    }

    /** What follows any decision: the burst of unknown codes, the scanner's refusal signal, the outcome's alert. */
    private void afterDecision(Resolution resolution, Outcome outcome) {
        String pseudonym = resolution == null ? null : resolution.pseudonym();
        if (Resolution.UNKNOWN_CODE.equals(outcome.reason())) {
            alertOnBurst(unknownCodes, AlertType.UNKNOWN_CODE_BURST);
        }
        if (!outcome.showGranted()) {
            scanner.signalRefusal();
        }
        if (outcome.alert() != null) {
            record(new Event.Alert(outcome.alert(), Severity.HIGH, lane.name(), pseudonym,
                    Map.of("entrance", lane.entrance(), "result", outcome.result(), "reason", outcome.reason())));
        }
    }

    /**
     * Opens the gate for one person someone has checked by hand — the county by a signed command
     * ({@code remote}), a guard by the lane's button ({@code manual}) — and records it like any entry. Not
     * while the gates are held open (the pulse would do nothing), and not when it cannot be recorded under
     * {@code refuse-all}. In {@code lockdown} too: lockdown refuses scans, not a person a human has checked;
     * such an override is raised at once as a {@code lockdown_override} alert (docs/modes.md).
     *
     * @return the outcome recorded
     */
    public Outcome openBy(String source, String reason) {
        return open(source, reason, null).outcome();
    }

    /** What a county's {@code open} did, and the seq of the entry that records it (empty when not recorded). */
    public record Opened(Outcome outcome, java.util.OptionalLong seq) {
    }

    /** As {@link #openBy} for the county's signed {@code open}; {@code note} is the operator's reason, recorded. */
    public Opened openByCounty(String note) {
        return open("remote", "remote_open", note);
    }

    private Opened open(String source, String reason, String note) {
        Mode mode = shared.mode().current();
        Outcome outcome = mode == Mode.EMERGENCY_OPEN ? Outcome.heldOpen(reason, null) : Outcome.grant(reason, null);
        Event.Entry entry = new Event.Entry(lane.name(), lane.entrance(),
                direction(), outcome.result(), reason,
                HealthStatus.UNKNOWN.wireName(), source, null, mode.wireName(), shared.freshness().now(), note);
        Actuated actuated = commitAndActuate(entry, outcome, System.nanoTime());
        if (mode == Mode.LOCKDOWN && actuated.outcome().granted()) {
            Logger.warn("lane {}: opened by {} in lockdown", lane.name(), source);
            record(new Event.Alert(AlertType.LOCKDOWN_OVERRIDE, Severity.HIGH, lane.name(), null,
                    Map.of("entrance", lane.entrance(), "source", source, "reason", reason)));
        }
        return new Opened(actuated.outcome(), actuated.recorded().map(r -> java.util.OptionalLong.of(r.seq()))
                .orElse(java.util.OptionalLong.empty()));
    }

    /**
     * Records that the passage sensor saw someone go through; on the input's thread, never blocking a scan.
     * {@code unchecked}: no grant accounts for it (应扫码未扫码), counted for the heartbeat
     * and raised as a {@code tailgate} alert at most once a minute, its {@code count} the unchecked passages since
     * the previous one.
     */
    public void passage(boolean unchecked) {
        record(new Event.Passage(lane.name(), lane.entrance(), direction(), unchecked));
        if (unchecked) {
            counters.countUncheckedPassage();
            tailgateAlert().ifPresent(count -> record(new Event.Alert(AlertType.TAILGATE, Severity.WARNING,
                    lane.name(), null, Map.of("entrance", lane.entrance(), "count", count))));
        }
    }

    private synchronized Optional<Long> tailgateAlert() {
        tailgatesUnalerted++;
        long now = System.nanoTime();
        if (lastTailgateAlert != 0 && now - lastTailgateAlert < TAILGATE_ALERT_INTERVAL_NANOS) {
            return Optional.empty();
        }
        lastTailgateAlert = now;
        long count = tailgatesUnalerted;
        tailgatesUnalerted = 0;
        return Optional.of(count);
    }

    /** What was done about a person, and how long from {@code startNanos} until the relay and lamps moved. */
    private record Actuated(Outcome outcome, long latencyUs, Optional<Recorded> recorded) {
    }

    /**
     * Commits the entry before the relay moves, then actuates and seals the entry with its latency (-1 when
     * actuation failed). Under {@code refuse-all} a pulse that could not be recorded becomes a refusal.
     */
    private Actuated commitAndActuate(Event.Entry entry, Outcome outcome, long startNanos) {
        Optional<Recorded> recorded = record(entry);
        if (recorded.isEmpty() && outcome.pulse() && shared.onWriteFailure() == WriteFailurePolicy.REFUSE_ALL) {
            outcome = UNRECORDABLE;
        }
        long latencyUs = -1;
        try {
            actuator.apply(outcome);
            latencyUs = (System.nanoTime() - startNanos) / 1000;
        } finally {
            long sealedLatency = latencyUs;
            recorded.ifPresent(r -> shared.ledger().seal(r.seq(), sealedLatency));
        }
        counters.countOutcome(outcome.result(), outcome.reason());
        Outcome acted = outcome;
        tell(listener -> listener.acted(acted));
        return new Actuated(outcome, latencyUs, recorded);
    }

    /** A listener that throws is logged and otherwise ignored: what it does never changes a decision. */
    private void tell(Consumer<LaneListener> message) {
        for (LaneListener listener : listeners) {
            try {
                message.accept(listener);
            } catch (RuntimeException e) {
                repeats.admit("listener failed").ifPresent(held -> Logger.error("lane {}: a listener failed: {}{}",
                        lane.name(), e.toString(), held));
            }
        }
    }

    private void alertOnBurst(BurstDetector detector, AlertType type) {
        if (detector.hit(System.nanoTime())) {
            Logger.warn("lane {}: {}", lane.name(), type.wire());
            record(new Event.Alert(type, Severity.WARNING, lane.name(), null,
                    Map.of("entrance", lane.entrance(), "count", detector.threshold(), "window_s", 60)));
        }
    }

    private Event.Entry entryOf(Resolution resolution, Outcome outcome, Mode mode) {
        String status = resolution == null ? HealthStatus.UNKNOWN.wireName() : resolution.status().wireName();
        String source = resolution == null ? "none" : resolution.source().wireName();
        String pseudonym = resolution == null ? null : resolution.pseudonym();
        return new Event.Entry(lane.name(), lane.entrance(), direction(),
                outcome.result(), outcome.reason(), status, source, pseudonym, mode.wireName(),
                shared.freshness().of(resolution));
    }

    /**
     * Commits before the relay moves. If the ledger cannot write (a full or failing card), the loss
     * is counted and, by default, the gate keeps deciding: refusing everyone because a card wore out
     * would turn a record-keeping fault into a crowd at the door. Venues where the record matters
     * more choose {@code on_write_failure = "refuse-all"}.
     */
    private Optional<Recorded> record(Event event) {
        try {
            return Optional.of(shared.ledger().append(event));
        } catch (LedgerException e) {
            counters.countUnrecorded();
            repeats.admit("not recorded").ifPresent(held -> Logger.error("lane {}: {} not recorded: {}{}", lane.name(),
                    event.kind(), e.getMessage(), held));
            return Optional.empty();
        }
    }

    private VerifyRequest request(RecognizedCode code) {
        return new VerifyRequest(code.text(), shared.terminal(), shared.venue(), lane.entrance(),
                shared.clock().instant());
    }
}
