package org.onedoor.terminal.daemon;

import org.onedoor.drivers.gpio.GpioBackend;
import org.onedoor.drivers.gpio.Pi4jGpioBackend;
import org.onedoor.drivers.gpio.SimulatedGpioBackend;
import org.onedoor.drivers.serial.Framing;
import org.onedoor.drivers.serial.GenericProfile;
import org.onedoor.drivers.serial.JsscSerialPortOpener;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.drivers.serial.SerialScanner;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.config.TerminalConfig.Lane;

/** The drivers the configuration names: serial scanners, and Pi4J or simulated GPIO. */
public final class ConfiguredDrivers implements Drivers {
    private final TerminalConfig.Gpio gpio;
    private final JsscSerialPortOpener opener = new JsscSerialPortOpener();

    public ConfiguredDrivers(TerminalConfig.Gpio gpio) {
        this.gpio = gpio;
    }

    @Override
    public GpioBackend gpio() {
        return gpio.simulated() ? new SimulatedGpioBackend(gpio.traceFile(), null) : new Pi4jGpioBackend(gpio.provider());
    }

    @Override
    public Scanner scanner(Lane lane) {
        var framer = lane.scanner().framing().newFramer(Framing.DEFAULT_MAX_FRAME_BYTES, Framing.DEFAULT_IDLE_MS);
        return new SerialScanner(lane.name(), lane.scanner().port(), lane.scanner().baud(), framer,
                new GenericProfile(), opener);
    }
}
