package org.onedoor.terminal.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.modem.ModemTimeouts;
import org.onedoor.drivers.modem.SerialSmsModem;
import org.onedoor.drivers.serial.JsscSerialPortOpener;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.ModemEmulator;
import org.onedoor.drivers.testing.PtyPair;
import org.onedoor.drivers.testing.SubmitPduReader;
import org.onedoor.drivers.testing.SubmitPduReader.Submit;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.sms.SmsOutcome.Status;

/** Alerts to text messages through a real pseudo-terminal and an emulated SIM800. */
class SmsNotifierPtyTest {
    private static final ZoneId VENUE_ZONE = ZoneId.of("Asia/Shanghai");
    private static final ModemTimeouts SHORT = new ModemTimeouts(Duration.ofMillis(200), Duration.ofMillis(200),
            Duration.ofMillis(400));
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final MobileNumber ADMIN = MobileNumber.parse("13800138000");
    private static final MobileNumber DEPUTY = MobileNumber.parse("13912345678");
    /** 08:15 in Beijing. */
    private static final Instant AT = Instant.parse("2026-11-21T00:15:00Z");

    @TempDir
    Path dir;
    private PtyPair pty;
    private ModemEmulator emulator;
    private final List<SmsOutcome> outcomes = new CopyOnWriteArrayList<>();
    /** Real time plus what the test adds, so an hour can pass at once. */
    private final AtomicLong skipped = new AtomicLong();
    private SmsNotifier notifier;

    @BeforeEach
    void plugIn() throws IOException {
        pty = PtyPair.open(dir);
        emulator = ModemEmulator.start(pty);
    }

    @AfterEach
    void unplug() {
        if (notifier != null) {
            notifier.close();
        }
        emulator.close();
        pty.close();
    }

    @Test
    void aRedCodeArrivesInChineseOnEveryAdministratorsPhone() throws Exception {
        start(settings(List.of(ADMIN, DEPUTY), 10, 3));
        long start = System.nanoTime();

        assertTrue(notifier.offer(new AlertNotice("red_code", "东门", "refused", AT)));

        awaitOutcomes(2);
        System.out.printf("Red code to two numbers through the emulated modem: both sent %d ms after the offer%n",
                (System.nanoTime() - start) / 1_000_000);
        List<Submit> received = received();
        assertEquals(List.of("+8613800138000", "+8613912345678"), received.stream().map(Submit::number).toList());
        for (Submit sms : received) {
            assertEquals("【OneDoor】东门 红码 拒绝入场 2026-11-21 08:15", sms.text());
            assertEquals(0x08, sms.dcs());
            assertEquals(-1, sms.reference(), "one message, no concatenation header");
        }
        assertEquals(List.of(new SmsOutcome(Status.SENT, "red_code", "138****8000", 1, List.of(0), null),
                new SmsOutcome(Status.SENT, "red_code", "139****5678", 1, List.of(1), null)), outcomes);
        assertEquals(new SmsHealth("ok", 2, 0, 0, 0, null), notifier.health());
    }

    @Test
    void typesNotConfiguredAreNotTexted() throws Exception {
        start(settings(List.of(ADMIN), 10, 3));

        assertFalse(notifier.offer(new AlertNotice("scanner_down", "east", null, AT)));
        assertTrue(notifier.offer(new AlertNotice("yellow_code", "东门", "refused", AT)));

        awaitOutcomes(1);
        assertEquals("【OneDoor】东门 黄码 拒绝入场 2026-11-21 08:15", received().get(0).text());
    }

    /** A long entrance name makes a text of 97 units: two parts that a handset joins again. */
    @Test
    void aLongTextGoesAsConcatenatedParts() throws Exception {
        start(settings(List.of(ADMIN), 10, 3));
        String entrance = "湘江市场地下停车场东北角货物入口（靠近冷链仓库与消防通道，夜间由北门保安值守）".repeat(2);

        notifier.offer(new AlertNotice("red_code", entrance, "refused", AT));

        awaitOutcomes(1);
        List<Submit> parts = received();
        assertEquals(2, parts.size());
        assertEquals(parts.get(0).reference(), parts.get(1).reference());
        assertEquals(List.of(1, 2), parts.stream().map(Submit::part).toList());
        assertEquals("【OneDoor】" + entrance + " 红码 拒绝入场 2026-11-21 08:15", SubmitPduReader.join(parts));
        assertEquals(List.of(0, 1), outcomes.get(0).references());
    }

    /** The second part fails once: the retry sends the second part only, under the same reference. */
    @Test
    void aRetryResumesAtThePartThatFailed() throws Exception {
        emulator.failSubmission(2, "+CMS ERROR: 500");
        start(settings(List.of(ADMIN), 10, 3));

        notifier.offer(new AlertNotice("red_code", "门".repeat(80), "refused", AT));

        awaitOutcomes(1);
        assertEquals(Status.SENT, outcomes.get(0).status());
        assertEquals(2, outcomes.get(0).attempts());
        assertEquals(3, emulator.submissions());
        List<Submit> parts = received();
        assertEquals(List.of(1, 2), parts.stream().map(Submit::part).toList());
        assertEquals(parts.get(0).reference(), parts.get(1).reference());
    }

    @Test
    void errorIsRetriedThenReportedFailed() throws Exception {
        emulator.failSubmissions("ERROR");
        start(settings(List.of(ADMIN), 10, 3));

        notifier.offer(new AlertNotice("red_code", "东门", "refused", AT));

        awaitOutcomes(1);
        assertEquals(new SmsOutcome(Status.FAILED, "red_code", "138****8000", 3, List.of(), "AT+CMGS PDU: ERROR"),
                outcomes.get(0));
        assertEquals(3, emulator.submissions());
        assertEquals(new SmsHealth("failing", 0, 1, 0, 0, "AT+CMGS PDU: ERROR"), notifier.health());
    }

    @Test
    void cmsErrorIsRetriedAndCanSucceed() throws Exception {
        emulator.failSubmission(1, "+CMS ERROR: 500");
        emulator.failSubmission(2, "+CMS ERROR: 500");
        start(settings(List.of(ADMIN), 10, 2));

        notifier.offer(new AlertNotice("red_code", "东门", "refused", AT));
        awaitOutcomes(1);
        assertEquals(new SmsOutcome(Status.FAILED, "red_code", "138****8000", 2, List.of(),
                "AT+CMGS PDU: +CMS ERROR: 500"), outcomes.get(0));

        emulator.failSubmission(3, "+CMS ERROR: 500");
        notifier.offer(new AlertNotice("red_code", "东门", "refused", AT));
        awaitOutcomes(2);
        assertEquals(Status.SENT, outcomes.get(1).status());
        assertEquals(2, outcomes.get(1).attempts());
    }

    /** A silent modem: every attempt ends within its timeout, and the message is given up in bounded time. */
    @Test
    void aSilentModemIsRetriedThenReportedFailed() throws Exception {
        emulator.staySilent();
        start(settings(List.of(ADMIN), 10, 3));
        long start = System.nanoTime();

        notifier.offer(new AlertNotice("red_code", "东门", "refused", AT));

        awaitOutcomes(1);
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(new SmsOutcome(Status.FAILED, "red_code", "138****8000", 3, List.of(),
                "AT: no answer within 200 ms"), outcomes.get(0));
        // 3 attempts of one 200 ms step each, plus 50 + 100 ms between them, plus opening the port.
        assertTrue(tookMs < 3 * 200 + 150 + 3000, "gave up after " + tookMs + " ms");
        System.out.printf("Silent modem: 3 attempts given up after %d ms (3 x 200 ms + 150 ms of backoff)%n", tookMs);
    }

    /** The modem is unplugged between two alerts and plugged back while the second is being retried. */
    @Test
    void survivesTheModemUnpluggedAndBack() throws Exception {
        start(settings(List.of(ADMIN), 10, 8));
        notifier.offer(new AlertNotice("red_code", "东门", "refused", AT));
        awaitOutcomes(1);

        emulator.close();
        pty.kill();
        notifier.offer(new AlertNotice("yellow_code", "东门", "refused", AT));
        Await.until("a failed attempt on the unplugged port", TIMEOUT,
                () -> "failing".equals(notifier.health().modem()));
        assertTrue(notifier.health().lastFailure().startsWith("port: "), notifier.health().lastFailure());
        pty.restart();
        emulator = ModemEmulator.start(pty);

        awaitOutcomes(2);
        SmsOutcome second = outcomes.get(1);
        assertEquals(Status.SENT, second.status());
        assertTrue(second.attempts() >= 2, "attempts " + second.attempts());
        assertEquals("【OneDoor】东门 黄码 拒绝入场 2026-11-21 08:15", received().get(0).text());
    }

    /** Replugged while idle: the stale port is replaced inside the first attempt. */
    @Test
    void aReplugWhileIdleCostsNoAttempt() throws Exception {
        start(settings(List.of(ADMIN), 10, 3));
        notifier.offer(new AlertNotice("red_code", "东门", "refused", AT));
        awaitOutcomes(1);

        emulator.close();
        pty.restart();
        emulator = ModemEmulator.start(pty);
        notifier.offer(new AlertNotice("red_code", "东门", "refused", AT));

        awaitOutcomes(2);
        assertEquals(new SmsOutcome(Status.SENT, "red_code", "138****8000", 1, List.of(0), null), outcomes.get(1));
    }

    /** Two per hour: the third to fifth are held back, then summarised in one message an hour later. */
    @Test
    void rateLimitsAndSummarises() throws Exception {
        start(settings(List.of(ADMIN), 2, 3));

        for (int i = 0; i < 5; i++) {
            notifier.offer(new AlertNotice(i == 3 ? "yellow_code" : "red_code", "东门", "refused",
                    AT.plusSeconds(60L * i)));
        }
        awaitOutcomes(5);
        assertEquals(List.of(Status.SENT, Status.SENT, Status.SUPPRESSED, Status.SUPPRESSED, Status.SUPPRESSED),
                outcomes.stream().map(SmsOutcome::status).toList());
        assertEquals(2, emulator.pdus().size());

        skipped.addAndGet(Duration.ofMinutes(61).toNanos());
        awaitOutcomes(6);
        assertEquals(new SmsOutcome(Status.SENT, SmsOutcome.SUMMARY, "138****8000", 1, List.of(2), null),
                outcomes.get(5));
        assertEquals("【OneDoor】限流：另有3条告警未发短信（红码2 黄码1），2026-11-21 08:17至2026-11-21 08:19",
                received().get(2).text());
        assertEquals(3, notifier.health().suppressed());

        notifier.offer(new AlertNotice("red_code", "东门", "refused", AT));
        awaitOutcomes(7);
        assertEquals(Status.SENT, outcomes.get(6).status(), "one slot left in the new hour");
    }

    /** Alerts offered before the thread runs wait in the queue; beyond its capacity they are reported failed. */
    @Test
    void aFullQueueReportsTheAlertFailed() throws Exception {
        notifier = new SmsNotifier(new SmsSettings(List.of(ADMIN), Set.of("red_code"), 10, 1, Duration.ofMillis(50), 2,
                VENUE_ZONE), modem(), outcomes::add, this::now);

        assertTrue(notifier.offer(new AlertNotice("red_code", "东门", "refused", AT)));
        assertTrue(notifier.offer(new AlertNotice("red_code", "东门", "refused", AT)));
        assertFalse(notifier.offer(new AlertNotice("red_code", "东门", "refused", AT)));
        assertEquals(List.of(new SmsOutcome(Status.FAILED, "red_code", null, 0, List.of(), "queue full")), outcomes);
        assertEquals(2, notifier.health().queued());

        notifier.start();
        awaitOutcomes(3);
        assertEquals(2, emulator.pdus().size());
    }

    /** Closing reports what was still waiting, so no alert vanishes without a record. */
    @Test
    void closingReportsWhatWasWaiting() throws Exception {
        emulator.staySilent();
        start(settings(List.of(ADMIN), 10, 5));
        notifier.offer(new AlertNotice("red_code", "东门", "refused", AT));
        notifier.offer(new AlertNotice("yellow_code", "东门", "refused", AT));
        Await.until("first attempt failed", TIMEOUT, () -> "failing".equals(notifier.health().modem()));

        notifier.close();

        assertEquals(List.of("red_code", "yellow_code"), outcomes.stream().map(SmsOutcome::alertType).toList());
        assertTrue(outcomes.stream().allMatch(o -> o.status() == Status.FAILED && "stopped".equals(o.reason())),
                outcomes.toString());
        assertFalse(notifier.offer(new AlertNotice("red_code", "东门", "refused", AT)));
    }

    @Test
    void aThrowingCallbackDoesNotStopTheThread() throws Exception {
        List<SmsOutcome> seen = new CopyOnWriteArrayList<>();
        notifier = new SmsNotifier(settings(List.of(ADMIN), 10, 3), modem(), outcome -> {
            seen.add(outcome);
            throw new IllegalStateException("ledger closed");
        }, this::now);
        notifier.start();

        notifier.offer(new AlertNotice("red_code", "东门", "refused", AT));
        notifier.offer(new AlertNotice("red_code", "东门", "refused", AT));

        Await.until("both sent", TIMEOUT, () -> seen.size() == 2);
    }

    /** What the daemon records: no subject, no whole number. */
    @Test
    void outcomesBecomeAlertsWithoutPersonalData() {
        Event.Alert alert = new SmsOutcome(Status.SENT, "red_code", ADMIN.masked(), 1, List.of(4, 5), null).toAlert();

        assertEquals("sms_sent", alert.type().wire());
        assertEquals("info", alert.severity().wire());
        assertEquals(null, alert.subject());
        assertEquals("{alert_type=red_code, recipient=138****8000, attempts=1, references=4,5}",
                alert.detail().toString());
        Event.Alert failed = new SmsOutcome(Status.FAILED, "red_code", null, 0, List.of(), "queue full").toAlert();
        assertEquals("sms_failed", failed.type().wire());
        assertEquals("warning", failed.severity().wire());
        assertEquals("{alert_type=red_code, attempts=0, reason=queue full}", failed.detail().toString());
    }

    private void start(SmsSettings settings) {
        notifier = new SmsNotifier(settings, modem(), outcomes::add, this::now);
        notifier.start();
    }

    private SerialSmsModem modem() {
        return new SerialSmsModem(pty.devicePath().toString(), 115200, new JsscSerialPortOpener(), SHORT);
    }

    private static SmsSettings settings(List<MobileNumber> numbers, int maxPerHour, int attempts) {
        return new SmsSettings(numbers, SmsSettings.DEFAULT_TYPES, maxPerHour, attempts, Duration.ofMillis(50), 32,
                VENUE_ZONE);
    }

    private long now() {
        return System.nanoTime() + skipped.get();
    }

    private void awaitOutcomes(int n) {
        Await.until(n + " outcome(s), have " + outcomes, TIMEOUT, () -> outcomes.size() >= n);
        assertEquals(n, outcomes.size(), outcomes.toString());
    }

    private List<Submit> received() {
        return emulator.pdus().stream().map(SubmitPduReader::read).toList();
    }
}
