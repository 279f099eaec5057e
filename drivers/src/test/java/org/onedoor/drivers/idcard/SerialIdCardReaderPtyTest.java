package org.onedoor.drivers.idcard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.serial.JsscSerialPortOpener;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.IdCardEmulator;
import org.onedoor.drivers.testing.IdCardEmulator.Behaviour;
import org.onedoor.drivers.testing.PtyPair;

/** The reader over JSSC against the emulated module on a real pseudo-terminal. */
class SerialIdCardReaderPtyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final String ID = "43012419900307123X";
    private static final long POLL_MS = 20;

    @TempDir
    Path dir;
    private PtyPair pty;
    private IdCardEmulator module;
    private SerialIdCardReader reader;
    private final List<CardRead> cards = new CopyOnWriteArrayList<>();
    private final List<Boolean> availability = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        pty = PtyPair.open(dir);
        module = IdCardEmulator.start(pty, 115200);
        reader = new SerialIdCardReader("east", pty.devicePath().toString(), 115200, POLL_MS,
                new JsscSerialPortOpener());
        reader.start(new IdCardListener() {
            @Override
            public void onCard(CardRead card, long detectedNanos) {
                cards.add(card);
            }

            @Override
            public void onReaderAvailability(boolean up, String detail) {
                availability.add(up);
            }
        });
        Await.until("reader up", TIMEOUT, () -> reader.health().up());
    }

    @AfterEach
    void stop() throws Exception {
        reader.close();
        module.close();
        pty.close();
    }

    @Test
    void aCardLeftOnTheReaderIsReadOnce() {
        module.place(IdCardEmulator.Card.of(ID, "20360307"));
        Await.until("one card", TIMEOUT, () -> cards.size() == 1);
        int found = module.foundAnswers();
        Await.until("twenty more polls", TIMEOUT, () -> module.foundAnswers() >= found + 20);
        assertEquals(1, cards.size());
        assertEquals(1, module.reads());
        assertEquals(ID, cards.get(0).idNumber());
        module.remove();
        int finds = module.finds();
        Await.until("a poll without the card", TIMEOUT, () -> module.finds() > finds + 1);
        module.place(IdCardEmulator.Card.of(ID, "20360307"));
        Await.until("the second placement read", TIMEOUT, () -> cards.size() == 2);
        assertEquals(0, module.badCommands());
    }

    @Test
    void noCardReadsNothing() {
        Await.until("ten polls", TIMEOUT, () -> module.finds() >= 10);
        assertTrue(cards.isEmpty());
        assertEquals(0, module.reads());
    }

    @Test
    void aFailedReadIsRetriedWhileTheCardStays() {
        module.behave(Behaviour.READ_FAILS);
        module.place(IdCardEmulator.Card.of(ID, "20360307"));
        Await.until("three failed reads", TIMEOUT, () -> module.reads() >= 3 && reader.health().failures() >= 3);
        assertTrue(cards.isEmpty());
        module.behave(Behaviour.ANSWER);
        Await.until("read at last", TIMEOUT, () -> cards.size() == 1);
        assertTrue(reader.health().up());
    }

    @Test
    void aFailedSelectIsRetriedToo() {
        module.behave(Behaviour.SELECT_FAILS);
        module.place(IdCardEmulator.Card.of(ID, "20360307"));
        Await.until("failures", TIMEOUT, () -> reader.health().failures() >= 3);
        assertEquals(0, module.reads());
        module.behave(Behaviour.ANSWER);
        Await.until("read", TIMEOUT, () -> cards.size() == 1);
    }

    @Test
    void answersWithABadCheckAreNeverTaken() {
        module.behave(Behaviour.BAD_CHECK);
        module.place(IdCardEmulator.Card.of(ID, "20360307"));
        Await.until("down: no good answer", TIMEOUT, () -> !reader.health().up());
        assertTrue(cards.isEmpty());
        assertEquals(0, module.reads(), "a bad \"found\" is no card");
        module.behave(Behaviour.ANSWER);
        Await.until("up and read", TIMEOUT, () -> reader.health().up() && cards.size() == 1);
        assertEquals(List.of(true, false, true), availability);
    }

    @Test
    void aSilentModuleIsDownUntilItAnswers() {
        module.behave(Behaviour.SILENT);
        Await.until("down", TIMEOUT, () -> !reader.health().up());
        assertTrue(reader.health().detail().contains("not answering"), reader.health().detail());
        module.behave(Behaviour.ANSWER);
        Await.until("up", TIMEOUT, () -> reader.health().up());
        assertEquals(List.of(true, false, true), availability);
    }

    @Test
    void unplugAndReplugIsRecovered() throws Exception {
        for (int i = 0; i < 5; i++) {
            module.close();
            pty.kill();
            Await.until("down after unplug", TIMEOUT, () -> !reader.health().up());
            pty.restart();
            module = IdCardEmulator.start(pty, 115200);
            Await.until("up after replug", TIMEOUT, () -> reader.health().up());
        }
        module.place(IdCardEmulator.Card.of(ID, "长期"));
        Await.until("read after replugs", TIMEOUT, () -> cards.size() == 1);
        assertFalse(cards.get(0).validTo().isPresent());
        assertEquals(11, availability.size()); // up, then down and up five times
        assertTrue(reader.readerAlive());
    }

    @Test
    void closeEndsTheThread() {
        reader.close();
        Await.until("thread ended", TIMEOUT, () -> !reader.readerAlive());
        assertFalse(reader.health().up());
    }
}
