package org.onedoor.drivers.modem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.serial.JsscSerialPortOpener;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.ModemEmulator;
import org.onedoor.drivers.testing.PtyPair;
import org.onedoor.drivers.testing.SubmitPduReader;

/** The AT dialogue against an emulated SIM800 on a real pseudo-terminal. */
class SerialSmsModemPtyTest {
    private static final ModemTimeouts SHORT = new ModemTimeouts(Duration.ofMillis(300), Duration.ofMillis(300),
            Duration.ofMillis(500));
    private static final PduEncoder ENCODER = new PduEncoder(Duration.ofHours(24));
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private PtyPair pty;
    private ModemEmulator emulator;
    private SerialSmsModem modem;

    @BeforeEach
    void plugIn() throws IOException {
        pty = PtyPair.open(dir);
        emulator = ModemEmulator.start(pty);
        modem = new SerialSmsModem(pty.devicePath().toString(), 115200, new JsscSerialPortOpener(), SHORT);
    }

    @AfterEach
    void unplug() {
        modem.close();
        emulator.close();
        pty.close();
    }

    @Test
    void sendsAPduAfterTheHandshake() throws Exception {
        SubmitPdu pdu = pdu("东门 红码");

        modem.prepare();
        int first = modem.submit(pdu);
        modem.prepare();
        int second = modem.submit(pdu);

        assertEquals(0, first);
        assertEquals(1, second);
        assertEquals(List.of("AT", "ATE0", "AT+CMGF=0", "AT+CMGS=" + pdu.tpduLength(),
                "AT", "ATE0", "AT+CMGF=0", "AT+CMGS=" + pdu.tpduLength()), emulator.commands());
        assertArrayEquals(pdu.octets(), emulator.pdus().get(0));
        assertEquals("东门 红码", SubmitPduReader.read(emulator.pdus().get(1)).text());
        assertEquals(0, emulator.malformedPdus());
    }

    @Test
    void reportsErrorAndCmsErrorAndStaysUsable() throws Exception {
        emulator.failSubmissions("ERROR");
        modem.prepare();
        ModemException error = assertThrows(ModemException.class, () -> modem.submit(pdu("x")));
        assertEquals("AT+CMGS PDU: ERROR", error.reason());
        assertFalse(error.silent());

        emulator.failSubmissions("+CMS ERROR: 500");
        modem.prepare();
        ModemException cms = assertThrows(ModemException.class, () -> modem.submit(pdu("x")));
        assertEquals("AT+CMGS PDU: +CMS ERROR: 500", cms.reason());

        emulator.answerNormally();
        modem.prepare();
        assertEquals(0, modem.submit(pdu("x")));
        assertEquals(3, emulator.submissions());
    }

    @Test
    void failsOnlyTheNthSubmission() throws Exception {
        emulator.failSubmission(2, "+CMS ERROR: 38");
        modem.prepare();
        modem.submit(pdu("one"));
        ModemException e = assertThrows(ModemException.class, () -> modem.submit(pdu("two")));
        modem.submit(pdu("three"));

        assertEquals("AT+CMGS PDU: +CMS ERROR: 38", e.reason());
        assertEquals(List.of("one", "three"),
                emulator.pdus().stream().map(p -> SubmitPduReader.read(p).text()).toList());
    }

    /** A silent modem fails each step within its timeout; the next attempt starts on a fresh port. */
    @Test
    void aSilentModemFailsWithinItsTimeout() throws Exception {
        emulator.staySilent();

        long start = System.nanoTime();
        ModemException e = assertThrows(ModemException.class, modem::prepare);
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertTrue(e.silent());
        assertEquals("AT: no answer within 300 ms", e.reason());
        assertTrue(tookMs >= 300 && tookMs < 300 + 1000, "took " + tookMs + " ms");
        System.out.printf("Silent modem: handshake failed after %d ms (command timeout 300 ms)%n", tookMs);

        emulator.answerNormally();
        modem.prepare();
        assertEquals(0, modem.submit(pdu("back")));
    }

    @Test
    void aModemThatFallsSilentAtThePromptIsCancelled() throws Exception {
        modem.prepare();
        emulator.staySilent();

        ModemException e = assertThrows(ModemException.class, () -> modem.submit(pdu("x")));

        assertTrue(e.silent());
        assertTrue(e.reason().startsWith("AT+CMGS="), e.reason());
    }

    /** Unsolicited codes before and between answers are neither answers nor errors. */
    @Test
    void ignoresUnsolicitedCodes() throws Exception {
        emulator.unsolicited("RING");
        emulator.unsolicited("+CMTI: \"SM\",3");
        modem.prepare();
        emulator.unsolicited("+CREG: 1");

        assertEquals(0, modem.submit(pdu("x")));
    }

    /** A modem reset to its defaults (echo on, text mode) is put back in PDU mode before the next message. */
    @Test
    void survivesAModemReset() throws Exception {
        modem.prepare();
        modem.submit(pdu("before"));
        emulator.reboot();

        modem.prepare();
        modem.submit(pdu("after"));

        assertEquals(0, emulator.textModeSubmissions());
        assertEquals("after", SubmitPduReader.read(emulator.pdus().get(1)).text());
    }

    /** The port was replugged while idle: the stale descriptor is noticed and replaced, no attempt lost. */
    @Test
    void reopensAPortRepluggedWhileIdle() throws Exception {
        modem.prepare();
        modem.submit(pdu("before"));

        emulator.close();
        pty.restart();
        emulator = ModemEmulator.start(pty);

        modem.prepare();
        assertEquals(0, modem.submit(pdu("after")));
    }

    @Test
    void anUnpluggedModemFailsWithAnIoErrorUntilItIsBack() throws Exception {
        modem.prepare();
        emulator.close();
        pty.kill();

        assertThrows(IOException.class, modem::prepare);
        assertThrows(IOException.class, modem::prepare);

        pty.restart();
        emulator = ModemEmulator.start(pty);
        Await.until("modem back", TIMEOUT, () -> {
            try {
                modem.prepare();
                return true;
            } catch (IOException | ModemException e) {
                return false;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(0, modem.submit(pdu("back")));
    }

    @Test
    void readsTheMessageReference() {
        assertEquals(17, SerialSmsModem.reference(List.of("+CMGS: 17")));
        assertEquals(-1, SerialSmsModem.reference(List.of("+CMGS: x")));
        assertEquals(-1, SerialSmsModem.reference(List.of("+CMGS: 4096")));
        assertEquals(-1, SerialSmsModem.reference(List.of()));
    }

    private static SubmitPdu pdu(String text) {
        return ENCODER.encode("8613800138000", text, 0).get(0);
    }
}
