package org.onedoor.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.onedoor.drivers.testing.Await;

/** Polarity against Pi4J's mock outputs and inputs: what level the pin really has. */
class Pi4jGpioBackendTest {
    private static final Duration DEBOUNCE = Duration.ofMillis(50);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void drivesThePhysicalLevelForThePolarity(boolean activeLow) {
        DigitalState safe = activeLow ? DigitalState.HIGH : DigitalState.LOW;
        DigitalState energised = activeLow ? DigitalState.LOW : DigitalState.HIGH;
        Context context = mockContext();
        Pi4jGpioBackend gpio = new Pi4jGpioBackend(context, MockDigitalOutputProvider.ID, MockDigitalInputProvider.ID);

        DigitalLine line = gpio.output(17, "east relay", activeLow);
        DigitalOutput pin = context.io("onedoor-out-17");
        assertEquals(safe, pin.state(), "initial state is safe");

        line.set(true);
        assertEquals(energised, pin.state());
        line.set(false);
        assertEquals(safe, pin.state());

        line.set(true);
        gpio.close();
        assertEquals(safe, pin.state(), "close leaves the pin safe");
    }

    @Test
    void closingALineFreesThePin() {
        try (Pi4jGpioBackend gpio = new Pi4jGpioBackend(mockContext(), MockDigitalOutputProvider.ID, MockDigitalInputProvider.ID)) {
            DigitalLine line = gpio.output(22, "green", false);
            assertThrows(IllegalArgumentException.class, () -> gpio.output(22, "red", false));
            line.close();
            gpio.output(22, "red", false).set(true);
        }
    }

    @Test
    void inputsAreDebouncedWithThePullAndPolarityAsked() {
        Context context = mockContext();
        List<Boolean> changes = new CopyOnWriteArrayList<>();
        try (Pi4jGpioBackend gpio = new Pi4jGpioBackend(context, MockDigitalOutputProvider.ID, MockDigitalInputProvider.ID)) {
            InputLine button = gpio.input(5, "east button", true, Pull.UP, DEBOUNCE);
            MockDigitalInput pin = context.io("onedoor-in-5");
            assertEquals(PullResistance.PULL_UP, pin.pull());
            pin.mockState(DigitalState.HIGH);
            Await.until("the mock pin's first level read as the rest level", WAIT, () -> !button.isActive());
            button.listen(changes::add);

            for (int i = 0; i < 25; i++) {
                pin.mockState(i % 2 == 0 ? DigitalState.LOW : DigitalState.HIGH);
            }
            Await.until("a press", WAIT, () -> changes.size() == 1);
            assertTrue(button.isActive(), "low is pressed on an active-low input");

            pin.mockState(DigitalState.HIGH);
            pin.mockState(DigitalState.LOW);
            pin.mockState(DigitalState.HIGH);
            Await.until("a release", WAIT, () -> changes.size() == 2);
            assertEquals(List.of(true, false), changes);

            button.close();
            gpio.input(5, "east button", false, Pull.DOWN, DEBOUNCE);
            assertEquals(PullResistance.PULL_DOWN, context.<MockDigitalInput>io("onedoor-in-5").pull(),
                    "a closed input frees its pin");
            assertThrows(IllegalArgumentException.class, () -> gpio.output(5, "relay", false));
        }
    }

    @Test
    void rejectsAnUnknownProvider() {
        assertThrows(IllegalArgumentException.class, () -> new Pi4jGpioBackend("pigpio"));
    }

    /** Without a Raspberry Pi, claiming a real pin must fail promptly, not hang. */
    @Test
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|x86_64")
    void realProviderFailsClearlyOffThePi() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            RuntimeException e = assertThrows(RuntimeException.class, () -> {
                try (Pi4jGpioBackend gpio = new Pi4jGpioBackend("gpiod")) {
                    gpio.output(17, "east relay", true);
                }
            });
            System.out.println("gpiod off the Pi: " + e);
            RuntimeException input = assertThrows(RuntimeException.class, () -> {
                try (Pi4jGpioBackend gpio = new Pi4jGpioBackend("gpiod")) {
                    gpio.input(5, "east button", true, Pull.UP, DEBOUNCE);
                }
            });
            System.out.println("gpiod input off the Pi: " + input);
        });
    }

    /**
     * What a user met on a board Pi4J could not start its gpiod provider on: "provider could not be
     * found. Please include this 'provider' JAR". Now one line that says which pin, and which chips and
     * board this is, which the daemon turns into exit 78.
     */
    @Test
    void aProviderPi4jCannotFindBecomesOneLineNamingThePinTheChipsAndTheBoard() {
        try (Pi4jGpioBackend gpio = new Pi4jGpioBackend(mockContext(), "gpiod-digital-output", "gpiod-digital-input")) {
            GpioUnavailableException e = assertThrows(GpioUnavailableException.class,
                    () -> gpio.output(17, "east relay", true));

            System.out.println("Pi4jGpioBackendTest: " + e.getMessage());
            assertTrue(e.getMessage().startsWith("cannot claim pin 17 (east relay) with provider gpiod-digital-output: ")
                    && e.getMessage().contains(GpioHardware.probe().describe())
                    && e.getMessage().contains("the chip labelled pinctrl-*")
                    && !e.getMessage().contains("\n"), e.getMessage());
        }
    }

    private static Context mockContext() {
        return Pi4J.newContextBuilder().noAutoDetect()
                .add(new MockPlatform())
                .add(MockDigitalOutputProvider.newInstance())
                .add(MockDigitalInputProvider.newInstance())
                .build();
    }
}
