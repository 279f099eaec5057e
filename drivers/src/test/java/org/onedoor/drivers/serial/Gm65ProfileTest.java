package org.onedoor.drivers.serial;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.Gm65Emulator;
import org.onedoor.drivers.testing.PtyPair;

/** The GM65 profile against an emulated module on a real pseudo-terminal. */
class Gm65ProfileTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** LED on good read, sound off, aimer and illumination normal, sensor mode. */
    private static final int SENSOR_QUIET = 0x80 | 0x10 | 0x04 | 0b11;

    @TempDir
    Path dir;
    private PtyPair pty;
    private Gm65Emulator module;
    private SerialScanner scanner;
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final List<String> availability = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openPortAndModule() throws IOException {
        pty = PtyPair.open(dir);
        module = Gm65Emulator.start(pty);
    }

    @AfterEach
    void closeAll() throws InterruptedException {
        if (scanner != null) {
            scanner.close();
        }
        module.close();
        pty.close();
    }

    @Test
    void commandsAndRepliesMatchTheManualsExamples() throws ModuleException {
        byte[] save = bytes(0x7E, 0x00, 0x09, 0x01, 0x00, 0x00, 0x00, 0xDE, 0xC8);
        byte[] read = bytes(0x7E, 0x00, 0x07, 0x01, 0x00, 0x0A, 0x01, 0xEE, 0x8A);
        Map<Integer, Integer> registers = new HashMap<>(Map.of(0x000A, 0x3E));

        assertArrayEquals(save, Gm65Command.save());
        assertArrayEquals(read, Gm65Command.read(0x000A, 1));
        assertArrayEquals(bytes(0x02, 0x00, 0x00, 0x01, 0x00, 0x33, 0x31), Gm65Emulator.answer(save, registers));
        byte[] readReply = Gm65Emulator.answer(read, registers);
        assertArrayEquals(bytes(0x02, 0x00, 0x00, 0x01, 0x3E, 0xE4, 0xAC), readReply);
        assertEquals(readReply.length, Gm65Reply.end(readReply, 0, readReply.length));
        assertArrayEquals(new byte[] {0x3E}, Gm65Reply.parse(readReply).data());
        readReply[5] ^= 1;
        assertThrows(ModuleException.class, () -> Gm65Reply.parse(readReply));
    }

    @Test
    void startUpWritesTheConfiguredSettingsWithValidCrcs() throws IOException {
        startScanner(new Gm65Profile(Gm65Profile.Mode.SENSOR, 1500, false, true));
        Await.until("scanner up reported", TIMEOUT, () -> !availability.isEmpty());

        assertEquals(SENSOR_QUIET, module.register(0x0000));
        assertEquals(0x80 | 15, module.register(0x0013), "same-code delay enabled, 15 × 100 ms");
        assertEquals(2, module.commands().size());
        assertEquals(0, module.badCrcCommands());
        assertEquals(List.of("up: open " + pty.devicePath()), availability);

        module.scan("HC1:after-start\r".getBytes(US_ASCII));
        Await.until("a scan", TIMEOUT, () -> frames.size() == 1);
        assertEquals(List.of("HC1:after-start"), frames, "replies never reach the listener as scans");
    }

    @Test
    void aReplyWithABadCrcKeepsTheScannerDownUntilTheModuleAnswersProperly() throws IOException {
        module.behave(Gm65Emulator.Behaviour.BAD_CRC);
        startScanner(new Gm65Profile(Gm65Profile.Mode.CONTINUOUS, 1000, true, true));

        Await.until("down for a bad CRC", TIMEOUT, () -> availability.contains("down: gm65 reply with a bad CRC"));
        assertFalse(scanner.health().up());

        module.behave(Gm65Emulator.Behaviour.ANSWER);
        Await.until("up once the module answers", TIMEOUT, () -> scanner.health().up());
        assertEquals(0x80 | 0x40 | 0x10 | 0x04 | 0b10, module.register(0x0000));
        assertEquals(List.of(), frames);
    }

    @Test
    void aSilentModuleIsReportedAndItsScansStillArrive() throws IOException {
        module.behave(Gm65Emulator.Behaviour.SILENT);
        startScanner(new Gm65Profile(Gm65Profile.Mode.CONTINUOUS, 0, true, true));

        Await.until("down: not answering", TIMEOUT, () -> availability.contains("down: gm65 module not answering"));
        module.scan("streamed\r".getBytes(US_ASCII));

        Await.until("the streamed scan", TIMEOUT, () -> frames.contains("streamed"));
        assertEquals("gm65 module not answering", scanner.health().detail());
        assertEquals(-1, module.register(0x0013), "the sequence stops at the first unanswered command");
    }

    @Test
    void aRefusalLightsTheAimerAndThenRestoresTheSettings() throws IOException {
        startScanner(new Gm65Profile(Gm65Profile.Mode.SENSOR, 1500, false, true));
        Await.until("scanner up", TIMEOUT, () -> scanner.health().up());

        scanner.signalRefusal();

        Await.until("aimer on, then settings restored", TIMEOUT, () -> module.commands().size() == 4);
        assertEquals(SENSOR_QUIET - 0x10 + 0x20, module.commands().get(2)[6] & 0xFF, "aimer always on");
        assertEquals(SENSOR_QUIET, module.register(0x0000));
        assertEquals(List.of(), frames);
    }

    @Test
    void noRefusalSignalWhenItIsTurnedOff() throws IOException {
        startScanner(new Gm65Profile(Gm65Profile.Mode.SENSOR, 0, false, false));
        Await.until("scanner up", TIMEOUT, () -> scanner.health().up());
        assertEquals(0, module.register(0x0013), "a same-code delay of 0 disables it");

        scanner.signalRefusal();
        module.scan("next\r".getBytes(US_ASCII));

        Await.until("the next scan", TIMEOUT, () -> frames.contains("next"));
        assertEquals(2, module.commands().size());
    }

    private void startScanner(ScannerProfile profile) {
        scanner = new SerialScanner("gm65", pty.devicePath().toString(), 9600, new EolFramer(Framing.CR), profile,
                new JsscSerialPortOpener());
        scanner.start(new ScanListener() {
            @Override
            public void onFrame(byte[] frame, long endNanos) {
                frames.add(new String(frame, US_ASCII));
            }

            @Override
            public void onAvailability(boolean up, String detail) {
                availability.add((up ? "up: " : "down: ") + detail);
            }
        });
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
