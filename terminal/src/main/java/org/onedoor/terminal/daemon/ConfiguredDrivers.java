package org.onedoor.terminal.daemon;

import org.onedoor.drivers.gpio.GpioBackend;
import org.onedoor.drivers.gpio.Pi4jGpioBackend;
import org.onedoor.drivers.gpio.SimulatedGpioBackend;
import org.onedoor.drivers.serial.EolFramer;
import org.onedoor.drivers.serial.JsscSerialPortOpener;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.drivers.serial.SerialScanner;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.config.TerminalConfig.Lane;

/** The drivers the configuration names: serial scanners, and Pi4J or simulated GPIO. */
public final class ConfiguredDrivers implements Drivers {
    static final int MAX_FRAME_BYTES = 2048;
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
        var framer = new EolFramer(lane.scanner().framing(), MAX_FRAME_BYTES);
        return new SerialScanner(lane.name(), lane.scanner().port(), lane.scanner().baud(), framer, opener);
    }
}
