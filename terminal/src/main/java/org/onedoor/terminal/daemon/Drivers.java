package org.onedoor.terminal.daemon;

import org.onedoor.drivers.gpio.GpioBackend;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.terminal.config.TerminalConfig.Lane;

/** Where the daemon gets its hardware: the real drivers on a Pi, simulated ones in the demo. */
public interface Drivers {
    GpioBackend gpio();

    Scanner scanner(Lane lane);
}
