package org.onedoor.terminal.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.serial.JsscSerialPortOpener;
import org.onedoor.drivers.testing.IdCardEmulator;
import org.onedoor.drivers.testing.PtyPair;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.config.TerminalConfig.IdCard;
import org.onedoor.terminal.decision.Direction;
import org.onedoor.terminal.doctor.Finding.Verdict;
import org.onedoor.terminal.testing.TestIdNumbers;

/** The doctor's reader check against the emulated module on a pty: it asks, and never reads a card. */
class IdCardReaderCheckTest {
    @TempDir
    Path dir;

    @Test
    void anAnsweringModulePassesAndACardOnItIsNotRead() throws Exception {
        try (PtyPair pty = PtyPair.open(dir); IdCardEmulator module = IdCardEmulator.start(pty, 115200)) {
            Finding empty = check(pty.devicePath().toString()).run();
            assertEquals(Verdict.OK, empty.verdict(), empty.detail());
            assertTrue(empty.detail().contains("no card"), empty.detail());
            module.place(IdCardEmulator.Card.of(TestIdNumbers.of("19900307", 1), "20360307"));
            Finding card = check(pty.devicePath().toString()).run();
            assertEquals(Verdict.OK, card.verdict(), card.detail());
            assertTrue(card.detail().contains("not read"), card.detail());
            assertEquals(0, module.reads());
        }
    }

    @Test
    void aSilentModuleOrAMissingPortFails() throws Exception {
        try (PtyPair pty = PtyPair.open(dir); IdCardEmulator module = IdCardEmulator.start(pty, 115200)) {
            module.behave(IdCardEmulator.Behaviour.SILENT);
            Finding silent = check(pty.devicePath().toString()).run();
            assertEquals(Verdict.FAIL, silent.verdict());
            assertTrue(silent.detail().contains("no ID-card module answered"), silent.detail());
            module.behave(IdCardEmulator.Behaviour.BAD_CHECK);
            assertEquals(Verdict.FAIL, check(pty.devicePath().toString()).run().verdict(), "a bad check is no answer");
        }
        Finding missing = check(dir.resolve("no-such-tty").toString()).run();
        assertEquals(Verdict.FAIL, missing.verdict());
        assertTrue(missing.detail().contains("no such device"), missing.detail());
    }

    private static IdCardReaderCheck check(String port) {
        IdCard reader = new IdCard(port, 115200, 300);
        TerminalConfig.Lane lane = new TerminalConfig.Lane("east", "东门", Direction.ENTRY,
                TerminalConfig.Scanner.generic("/dev/ttyUSB0", 9600, org.onedoor.drivers.serial.Framing.CR),
                new TerminalConfig.Relay(17, 300, false), new TerminalConfig.Leds(Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false), Optional.empty(), TerminalConfig.LaneInputs.NONE,
                Optional.of(reader));
        return new IdCardReaderCheck(lane, reader, new JsscSerialPortOpener());
    }
}
