package org.onedoor.terminal.daemon;

import java.util.Optional;
import org.onedoor.drivers.gpio.GpioBackend;
import org.onedoor.drivers.idcard.IdCardReader;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.terminal.config.TerminalConfig.Lane;

/** Where the daemon gets its hardware: the real drivers on a Pi, simulated ones in the demo. */
public interface Drivers {
    GpioBackend gpio();

    Scanner scanner(Lane lane);

    /** The lane's ID-card reader, when it has one ({@code idcard.port}); drivers without readers have none. */
    default Optional<IdCardReader> idCardReader(Lane lane) {
        return Optional.empty();
    }
}
