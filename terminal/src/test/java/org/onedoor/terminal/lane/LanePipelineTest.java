package org.onedoor.terminal.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onedoor.drivers.gpio.Lamp;
import org.onedoor.drivers.gpio.LedPanel;
import org.onedoor.drivers.gpio.LineRelay;
import org.onedoor.drivers.gpio.SimulatedGpioBackend;
import org.onedoor.drivers.idcard.CardRead;
import org.onedoor.drivers.serial.ScanListener;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.drivers.serial.ScannerHealth;
import org.onedoor.terminal.actuation.LaneActuator;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.decision.DecisionPolicy;
import org.onedoor.terminal.decision.Direction;
import org.onedoor.terminal.decision.DuplicateWindow;
import org.onedoor.terminal.decision.TerminalMode;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.freshness.FreshnessMonitor;
import org.onedoor.terminal.ledger.EventRecorder;
import org.onedoor.terminal.ledger.LedgerException;
import org.onedoor.terminal.ledger.Recorded;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.recognition.CodeProfile;
import org.onedoor.terminal.recognition.CodeRecognizer;
import org.onedoor.terminal.recognition.TextEncoding;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.status.Resolution;
import org.onedoor.terminal.status.Source;
import org.onedoor.terminal.status.StatusLookup;
import org.onedoor.terminal.status.VerifyRequest;
import org.onedoor.terminal.testing.SettableClock;

/**
 * One lane on its own: real decisions, real relay and lamp drivers on simulated GPIO, and a recorder and a
 * status lookup the test controls, so each step of frame → record → actuate → seal can be watched.
 */
class LanePipelineTest {
    private static final Instant NOW = Instant.parse("2026-11-21T08:00:00Z");
    private static final String GREEN = "CB:GREEN0000001";
    private static final String RED = "CB:RED000000001";
    private static final String RELAY_ON = "  [gpio] east relay (pin 17) ON";

    private final List<String> gpio = new CopyOnWriteArrayList<>();
    private final Recorder recorder = new Recorder();
    private final Lookup lookup = new Lookup();
    private final AtomicInteger refusalsSignalled = new AtomicInteger();
    private SimulatedGpioBackend backend;
    private ScheduledExecutorService timers;

    @BeforeEach
    void startTimers() {
        backend = new SimulatedGpioBackend(Optional.empty(), gpio::add);
        timers = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stopTimers() {
        timers.shutdownNow();
        backend.close();
    }

    @Test
    void aGreenCodeIsCommittedBeforeTheRelayMovesThenSealedWithItsLatency() throws Exception {
        LanePipeline lane = lane(WriteFailurePolicy.KEEP_DECIDING);

        scan(lane, GREEN);

        Event.Entry entry = (Event.Entry) recorder.events.get(0);
        assertEquals(List.of("granted", "green", "online"), List.of(entry.result(), entry.reason(), entry.source()));
        assertEquals(List.of(false), recorder.relayOnAtAppend, "the relay had not moved when the entry was committed");
        assertTrue(gpio.contains(RELAY_ON));
        assertEquals(1, recorder.seals.size());
        assertEquals(1L, recorder.seals.get(0)[0], "the entry's own seq is sealed");
        assertTrue(recorder.seals.get(0)[1] >= 0, "with the latency the actuation took");
        assertEquals(Map.of("granted:green", 1L), lane.counters().outcomes());
        assertEquals(0, refusalsSignalled.get());
    }

    /**
     * A card's number is checked, made upper-case and asked about in the ID form; an expired card is marked; an
     * invalid number is refused without asking anyone; the lane says which of its devices are up.
     */
    @Test
    void anIdCardIsDecidedByItsCheckedNumberAndTheLaneReportsItsDevices() {
        LanePipeline lane = lane(WriteFailurePolicy.KEEP_DECIDING, true);
        assertEquals(new LanePipeline.Devices(true, true, false), lane.devices(), "no fault before the scanner opens");
        lane.onAvailability(true, "/dev/ttyUSB0");
        lane.onReaderAvailability(true, "/dev/ttyUSB1");
        assertEquals(new LanePipeline.Devices(true, true, true), lane.devices());
        lane.onReaderAvailability(false, "/dev/ttyUSB1: gone");
        lane.onReaderAvailability(false, "still gone");
        assertEquals(new LanePipeline.Devices(true, true, false), lane.devices());
        lane.onReaderAvailability(true, "/dev/ttyUSB1");
        assertEquals(List.of(AlertType.IDCARD_DOWN, AlertType.IDCARD_UP), recorder.events.stream()
                .map(e -> ((Event.Alert) e).type()).toList(), "one alert each way");

        lane.onCard(new CardRead("11010519491231002x", Optional.of(java.time.LocalDate.of(2020, 1, 1))),
                System.nanoTime());
        VerifyRequest asked = lookup.requests.get(0);
        assertEquals(List.of("11010519491231002X", VerifyRequest.Form.ID_NUMBER), List.of(asked.code(), asked.form()));
        Event.Entry card = (Event.Entry) recorder.events.get(2);
        assertEquals(List.of("refused", "red", "id_card", "p-11010519491231002X", true), List.of(card.result(),
                card.reason(), card.credential(), card.subject(), card.idExpired()));

        lane.onCard(new CardRead("110105194912310021", Optional.empty()), System.nanoTime());
        Event.Entry invalid = (Event.Entry) recorder.events.stream().filter(e -> e instanceof Event.Entry)
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(List.of("refused", "invalid_id", "none", "id_card", false), List.of(invalid.result(),
                invalid.reason(), invalid.source(), invalid.credential(), invalid.idExpired()));
        assertEquals(null, invalid.subject());
        assertEquals(1, lookup.requests.size(), "an invalid number is asked about nowhere");
    }

    @Test
    void aRedCodeIsRefusedWithAHighAlertAndTheScannerShowsTheRefusal() throws Exception {
        LanePipeline lane = lane(WriteFailurePolicy.KEEP_DECIDING);

        scan(lane, RED);

        assertFalse(gpio.contains(RELAY_ON));
        Event.Alert alert = (Event.Alert) recorder.events.get(1);
        assertEquals(List.of(AlertType.RED_CODE, Severity.HIGH), List.of(alert.type(), alert.severity()));
        assertEquals(Map.of("entrance", "东门", "result", "refused", "reason", "red"), alert.detail());
        assertEquals(1, refusalsSignalled.get());
    }

    @Test
    void theSamePersonAgainWithinTheWindowIsCountedButNeitherRecordedNorActuated() throws Exception {
        LanePipeline lane = lane(WriteFailurePolicy.KEEP_DECIDING);
        scan(lane, GREEN);
        gpio.clear();

        scan(lane, GREEN);

        assertEquals(1, recorder.events.size());
        assertEquals(1, lookup.asked.get(), "the status was not looked up again");
        assertFalse(gpio.contains(RELAY_ON));
        assertEquals(1, lane.counters().duplicates());
    }

    @Test
    void aTextThatIsNoCodeIsRefusedWithoutAskingForAStatus() throws Exception {
        LanePipeline lane = lane(WriteFailurePolicy.KEEP_DECIDING);

        scan(lane, "hello");

        assertEquals(0, lookup.asked.get());
        Event.Entry entry = (Event.Entry) recorder.events.get(0);
        assertEquals(List.of("refused", "unrecognised", "none"), List.of(entry.result(), entry.reason(), entry.source()));
    }

    @Test
    void underRefuseAllAGrantThatCannotBeRecordedKeepsTheGateShut() throws Exception {
        recorder.failing = true;
        LanePipeline lane = lane(WriteFailurePolicy.REFUSE_ALL);

        scan(lane, GREEN);

        assertFalse(gpio.contains(RELAY_ON));
        assertEquals(Map.of("refused:unrecordable", 1L), lane.counters().outcomes());
        assertEquals(1, lane.counters().unrecorded());
        assertTrue(recorder.seals.isEmpty(), "nothing was committed, so nothing is sealed");
    }

    @Test
    void aScannerThatGoesAndComesBackRaisesOneAlertEachWay() throws Exception {
        LanePipeline lane = lane(WriteFailurePolicy.KEEP_DECIDING);

        lane.onAvailability(true, "open /dev/ttyUSB0");
        lane.onAvailability(false, "unplugged");
        lane.onAvailability(false, "still unplugged");
        lane.onAvailability(true, "open /dev/ttyUSB0");

        assertEquals(List.of(AlertType.SCANNER_DOWN, AlertType.SCANNER_UP),
                recorder.events.stream().map(e -> ((Event.Alert) e).type()).toList());
    }

    private void scan(LanePipeline lane, String text) {
        lane.onFrame(text.getBytes(StandardCharsets.US_ASCII), System.nanoTime());
    }

    private LanePipeline lane(WriteFailurePolicy onWriteFailure) {
        return lane(onWriteFailure, false);
    }

    private LanePipeline lane(WriteFailurePolicy onWriteFailure, boolean idCardReader) {
        CodeRecognizer recognizer = new CodeRecognizer(List.of(
                new CodeProfile("badge", java.util.regex.Pattern.compile("^CB:(?<subject>[A-Z0-9]{8,40})$"))));
        SettableClock clock = new SettableClock(NOW);
        Pseudonymizer pseudonymizer = new Pseudonymizer("lane-test-key-of-32-bytes-length".getBytes(StandardCharsets.US_ASCII));
        FreshnessMonitor freshness = new FreshnessMonitor(Optional::empty, Optional.empty(), Duration.ofMinutes(15),
                Duration.ofHours(24), () -> false, clock);
        LanePipeline.Shared shared = new LanePipeline.Shared("t-1", "market", recognizer,
                pseudonymizer, lookup, new DecisionPolicy(Duration.ofHours(24)), new TerminalMode(Mode.STRICT),
                freshness, Optional.empty(), recorder, onWriteFailure, clock);
        Map<Lamp, org.onedoor.drivers.gpio.DigitalLine> lamps = new EnumMap<>(Lamp.class);
        lamps.put(Lamp.GREEN, backend.output(22, "east green", false));
        lamps.put(Lamp.RED, backend.output(27, "east red", false));
        LaneActuator actuator = new LaneActuator(new LineRelay(backend.output(17, "east relay", true), timers, 10_000),
                new LedPanel(lamps, timers), 300);
        return new LanePipeline(new EastEntry(), shared, actuator, new DuplicateWindow(Duration.ofSeconds(3)),
                new RefusalCountingScanner(), idCardReader);
    }

    /** Keeps what the lane records and seals; can be made to fail as a full card would. */
    private final class Recorder implements EventRecorder {
        final List<Event> events = new CopyOnWriteArrayList<>();
        final List<Boolean> relayOnAtAppend = new CopyOnWriteArrayList<>();
        final List<long[]> seals = new CopyOnWriteArrayList<>();
        volatile boolean failing;

        @Override
        public Recorded append(Event event) {
            if (failing) {
                throw new LedgerException("the ledger is full");
            }
            events.add(event);
            if (event instanceof Event.Entry) {
                relayOnAtAppend.add(gpio.contains(RELAY_ON));
            }
            return new Recorded(events.size(), "id-" + events.size(), "2026-11-21T08:00:00.000Z");
        }

        @Override
        public void seal(long seq, long latencyUs) {
            seals.add(new long[] {seq, latencyUs});
        }
    }

    /** The green badge is green online, anything else red from the risk list. */
    private final class Lookup implements StatusLookup {
        final AtomicInteger asked = new AtomicInteger();
        final List<VerifyRequest> requests = new CopyOnWriteArrayList<>();

        @Override
        public Resolution resolve(VerifyRequest request, Optional<String> subject) {
            asked.incrementAndGet();
            requests.add(request);
            boolean green = request.code().equals(GREEN);
            return new Resolution(green ? HealthStatus.GREEN : HealthStatus.RED, green ? Source.ONLINE : Source.RISKLIST,
                    null, subject.map(s -> "p-" + s).orElse(null), null, 0, NOW, null);
        }
    }

    private record EastEntry() implements LaneSettings {
        @Override
        public String name() {
            return "east";
        }

        @Override
        public String entrance() {
            return "东门";
        }

        @Override
        public Direction direction() {
            return Direction.ENTRY;
        }

        @Override
        public TextEncoding charset() {
            return TextEncoding.UTF_8;
        }
    }

    private final class RefusalCountingScanner implements Scanner {
        @Override
        public void start(ScanListener listener) {
        }

        @Override
        public ScannerHealth health() {
            throw new UnsupportedOperationException("the lane does not ask");
        }

        @Override
        public boolean readerAlive() {
            return true;
        }

        @Override
        public void signalRefusal() {
            refusalsSignalled.incrementAndGet();
        }

        @Override
        public void close() {
        }
    }
}
