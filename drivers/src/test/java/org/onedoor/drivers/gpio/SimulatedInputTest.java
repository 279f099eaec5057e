package org.onedoor.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.GpioTrace;

/** Simulated inputs, debounced on the backend's input thread as real ones are. */
class SimulatedInputTest {
    private static final Duration DEBOUNCE = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int BUTTON = 5;

    @TempDir
    Path dir;
    private Path trace;
    private SimulatedGpioBackend gpio;
    private final List<Boolean> changes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        trace = dir.resolve("gpio.jsonl");
        gpio = new SimulatedGpioBackend(Optional.of(trace), null);
    }

    @AfterEach
    void tearDown() {
        gpio.close();
    }

    @Test
    void bounceTrainsGiveOneChangeEach() throws IOException {
        InputLine button = activeLowButton();

        bounce(false, 25);
        awaitChanges(1);
        assertTrue(button.isActive());

        bounce(true, 25);
        awaitChanges(2);
        assertFalse(button.isActive());
        assertEquals(List.of(true, false), changes, "25 edges each way: one press, one release");
        assertEquals(List.of(0, 1, 0), GpioTrace.forPin(trace, BUTTON).stream().map(GpioTrace.Event::state).toList(),
                "the trace holds the initial state and the debounced changes only");
    }

    @Test
    void aHeldPressIsOnePress() {
        InputLine button = activeLowButton();
        long start = System.nanoTime();
        gpio.setLevel(BUTTON, false);
        awaitChanges(1);
        // Held for ten debounce times, the level reported again and again.
        Await.until("the press held for 10 debounce times", WAIT, () -> {
            gpio.setLevel(BUTTON, false);
            return System.nanoTime() - start > 10 * DEBOUNCE.toNanos();
        });
        assertEquals(List.of(true), changes);
        assertTrue(button.isActive());

        gpio.setLevel(BUTTON, true);
        awaitChanges(2);
        assertEquals(List.of(true, false), changes);
    }

    @Test
    void polarityMapsTheLevelToActive() {
        InputLine activeHigh = gpio.input(6, "passage", false, Pull.DOWN, DEBOUNCE);
        InputLine activeLow = gpio.input(7, "door", true, Pull.UP, DEBOUNCE);
        assertFalse(activeHigh.isActive(), "at rest");
        assertFalse(activeLow.isActive(), "at rest");

        gpio.setLevel(6, true);
        gpio.setLevel(7, true);
        Await.until("active-high input active on a high level", WAIT, activeHigh::isActive);
        assertFalse(activeLow.isActive(), "a high level is the rest level of an active-low input");

        gpio.setLevel(7, false);
        Await.until("active-low input active on a low level", WAIT, activeLow::isActive);
    }

    @Test
    void aFailingListenerDoesNotStopTheInput() {
        InputLine button = activeLowButton();
        button.listen(active -> {
            changes.add(active);
            throw new IllegalStateException("listener bug");
        });
        gpio.setLevel(BUTTON, false);
        awaitChanges(1);
        gpio.setLevel(BUTTON, true);
        awaitChanges(2);
        assertEquals(List.of(true, false), changes);
    }

    @Test
    void aClosedInputFreesItsPinAndIgnoresTheSimulation() {
        InputLine button = activeLowButton();
        assertThrows(IllegalArgumentException.class, () -> gpio.output(BUTTON, "relay", true));
        button.close();
        assertThrows(IllegalArgumentException.class, () -> gpio.setLevel(BUTTON, false));
        gpio.output(BUTTON, "relay", true);
        assertThrows(IllegalArgumentException.class, () -> gpio.setLevel(99, false), "not an input");
    }

    private InputLine activeLowButton() {
        InputLine button = gpio.input(BUTTON, "east button", true, Pull.UP, DEBOUNCE);
        button.listen(changes::add);
        return button;
    }

    /** Edges as fast as the caller can make them, ending on {@code finalHigh}. */
    private void bounce(boolean finalHigh, int edges) {
        for (int i = edges - 1; i >= 0; i--) {
            gpio.setLevel(BUTTON, (i % 2 == 0) == finalHigh);
        }
    }

    private void awaitChanges(int n) {
        Await.until(n + " debounced change(s)", WAIT, () -> changes.size() >= n);
    }
}
