package org.onedoor.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Polarity against Pi4J's mock outputs: what level the pin really has. */
class Pi4jGpioBackendTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void drivesThePhysicalLevelForThePolarity(boolean activeLow) {
        DigitalState safe = activeLow ? DigitalState.HIGH : DigitalState.LOW;
        DigitalState energised = activeLow ? DigitalState.LOW : DigitalState.HIGH;
        Context context = mockContext();
        Pi4jGpioBackend gpio = new Pi4jGpioBackend(context, MockDigitalOutputProvider.ID);

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
        try (Pi4jGpioBackend gpio = new Pi4jGpioBackend(mockContext(), MockDigitalOutputProvider.ID)) {
            DigitalLine line = gpio.output(22, "green", false);
            assertThrows(IllegalArgumentException.class, () -> gpio.output(22, "red", false));
            line.close();
            gpio.output(22, "red", false).set(true);
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
        });
    }

    private static Context mockContext() {
        return Pi4J.newContextBuilder().noAutoDetect()
                .add(new MockPlatform())
                .add(MockDigitalOutputProvider.newInstance())
                .build();
    }
}
