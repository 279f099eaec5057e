package org.onedoor.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.GpioTrace;
import org.onedoor.drivers.testing.GpioTrace.Event;

class LedPanelTest {
    private static final int GREEN_PIN = 5;
    private static final int RED_PIN = 6;
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path dir;
    private Path trace;
    private SimulatedGpioBackend gpio;
    private ScheduledExecutorService scheduler;
    private LedPanel panel;

    @BeforeEach
    void setUp() {
        trace = dir.resolve("gpio.jsonl");
        gpio = new SimulatedGpioBackend(Optional.of(trace), null);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        panel = new LedPanel(Map.of(
                Lamp.GREEN, gpio.output(GREEN_PIN, "green", false),
                Lamp.RED, gpio.output(RED_PIN, "red", false)), scheduler);
    }

    @AfterEach
    void tearDown() {
        panel.close();
        gpio.close();
        scheduler.shutdownNow();
    }

    @Test
    void steadyForADurationTurnsOff() throws IOException {
        panel.show(Lamp.GREEN, Pattern.steady(100));
        assertTrue(panel.isLit(Lamp.GREEN));

        Await.until("green off", TIMEOUT, () -> !panel.isLit(Lamp.GREEN));
        List<Event> events = GpioTrace.forPin(trace, GREEN_PIN);
        assertEquals(List.of(0, 1, 0), states(events));
        long onMs = (events.get(2).tNanos() - events.get(1).tNanos()) / 1_000_000;
        assertTrue(onMs >= 100 && onMs <= 150, "lit for " + onMs + " ms");
    }

    @Test
    void blinkTogglesUntilItsDurationEnds() throws IOException {
        // Flashes start at 0, 100, 200, 300 and 400 ms; the end at 470 ms leaves room for timer drift.
        panel.show(Lamp.RED, Pattern.blink(50, 50, 470));

        Await.until("five flashes, then off", TIMEOUT, () -> transitions(RED_PIN) >= 10 && !panel.isLit(Lamp.RED));
        List<Event> events = GpioTrace.forPin(trace, RED_PIN);
        assertEquals(List.of(0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0), states(events));
        long lastFlashEndMs = (events.get(10).tNanos() - events.get(1).tNanos()) / 1_000_000;
        assertTrue(lastFlashEndMs >= 450 && lastFlashEndMs <= 520, "last flash ended at " + lastFlashEndMs + " ms");
    }

    @Test
    void aNewPatternCancelsTheOldOne() throws IOException {
        panel.show(Lamp.RED, Pattern.blink(20, 20, 0));
        Await.until("red blinking", TIMEOUT, () -> transitions(RED_PIN) >= 4);

        panel.show(Lamp.RED, Pattern.steady(0));
        int afterReplace = transitions(RED_PIN);
        // The old blink would have toggled several times in this window; the steady lamp must not.
        LockSupport.parkNanos(Duration.ofMillis(150).toNanos());

        assertTrue(panel.isLit(Lamp.RED));
        assertEquals(afterReplace, transitions(RED_PIN), "no toggles after the blink was replaced");
    }

    @Test
    void offTurnsALampOffAndUnwiredLampsAreIgnored() {
        panel.show(Lamp.GREEN, Pattern.steady(0));
        panel.show(Lamp.GREEN, Pattern.OFF);
        panel.show(Lamp.BUZZER, Pattern.steady(0));

        assertFalse(panel.isLit(Lamp.GREEN));
        assertFalse(panel.isLit(Lamp.BUZZER));
        assertThrows(IllegalArgumentException.class, () -> panel.show(Lamp.RED, Pattern.blink(0, 10, 0)));
    }

    @Test
    void closeTurnsEverythingOff() throws IOException {
        panel.show(Lamp.GREEN, Pattern.steady(0));
        panel.show(Lamp.RED, Pattern.blink(20, 20, 0));

        panel.close();
        panel.show(Lamp.GREEN, Pattern.steady(0));

        assertFalse(panel.isLit(Lamp.GREEN));
        assertEquals(0, last(GREEN_PIN).state());
        assertEquals(0, last(RED_PIN).state());
    }

    private int transitions(int pin) {
        try {
            return GpioTrace.forPin(trace, pin).size() - 1;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Event last(int pin) throws IOException {
        List<Event> events = GpioTrace.forPin(trace, pin);
        return events.get(events.size() - 1);
    }

    private static List<Integer> states(List<Event> events) {
        return events.stream().map(Event::state).toList();
    }
}
