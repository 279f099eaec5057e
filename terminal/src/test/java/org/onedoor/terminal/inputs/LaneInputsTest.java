package org.onedoor.terminal.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.onedoor.drivers.gpio.InputLine;
import org.onedoor.drivers.gpio.Pull;
import org.onedoor.drivers.gpio.SimulatedGpioBackend;
import org.onedoor.drivers.testing.Await;

/** The guard button and the passage sensor on simulated, bouncing inputs. */
class LaneInputsTest {
    private static final Duration DEBOUNCE = Duration.ofMillis(40);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final SimulatedGpioBackend gpio = new SimulatedGpioBackend(Optional.empty(), null);

    @AfterEach
    void tearDown() {
        gpio.close();
    }

    @Test
    void eachPressOfTheGuardButtonOpensOnceHoweverItBouncesOrIsHeld() {
        AtomicInteger opens = new AtomicInteger();
        int pin = 16;
        InputLine line = gpio.input(pin, "east button", true, Pull.UP, DEBOUNCE);
        try (GuardButton button = new GuardButton(line, opens::incrementAndGet)) {
            bounce(pin, false);
            Await.until("the first press", WAIT, () -> opens.get() == 1);

            long heldSince = System.nanoTime();
            Await.until("the press held for 10 debounce times", WAIT, () -> {
                gpio.setLevel(pin, false);
                return System.nanoTime() - heldSince > 10 * DEBOUNCE.toNanos();
            });
            bounce(pin, true);
            Await.until("the release", WAIT, () -> !line.isActive());
            assertEquals(1, opens.get(), "held for 10 debounce times: one press");
            bounce(pin, false);
            Await.until("the second press", WAIT, () -> opens.get() == 2);
            bounce(pin, true);
            Await.until("the release", WAIT, () -> !line.isActive());
            assertEquals(2, opens.get(), "a release opens nothing");
        }
    }

    @Test
    void eachActivationOfThePassageSensorIsOnePassage() {
        AtomicInteger passages = new AtomicInteger();
        int pin = 20;
        InputLine line = gpio.input(pin, "east passage", false, Pull.DOWN, DEBOUNCE);
        try (PassageSensor sensor = new PassageSensor(line, passages::incrementAndGet)) {
            for (int person = 1; person <= 3; person++) {
                int expected = person;
                bounce(pin, true);
                Await.until("passage " + person, WAIT, () -> passages.get() == expected);
                bounce(pin, false);
                Await.until("the sensor clear again", WAIT, () -> !line.isActive());
            }
            assertEquals(3, passages.get());
        }
    }

    /** Bounces a contact: a burst of edges ending at {@code high}. */
    private void bounce(int pin, boolean high) {
        for (int i = 14; i >= 0; i--) {
            gpio.setLevel(pin, (i % 2 == 0) == high);
        }
    }
}
