package org.onedoor.terminal.daemon;

import java.time.Duration;
import org.onedoor.drivers.gpio.GpioBackend;
import org.onedoor.drivers.gpio.InputLine;
import org.onedoor.terminal.config.TerminalConfig.Input;

/** Claims the configured inputs, all with one debounce time; a pin the backend cannot claim stops the start. */
final class InputLines {
    private final GpioBackend gpio;
    private final Duration debounce;

    InputLines(GpioBackend gpio, Duration debounce) {
        this.gpio = gpio;
        this.debounce = debounce;
    }

    InputLine open(Input input, String name) throws StartupException {
        try {
            return gpio.input(input.pin(), name, input.activeLow(), input.pull(), debounce);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new StartupException("GPIO input " + name + " (pin " + input.pin() + "): " + e.getMessage(), false, e);
        }
    }
}
