package org.onedoor.terminal.daemon;

import java.util.Optional;
import org.onedoor.drivers.gpio.GpioBackend;
import org.onedoor.drivers.gpio.Pi4jGpioBackend;
import org.onedoor.drivers.gpio.SimulatedGpioBackend;
import org.onedoor.drivers.idcard.IdCardReader;
import org.onedoor.drivers.idcard.SerialIdCardReader;
import org.onedoor.drivers.serial.GenericProfile;
import org.onedoor.drivers.serial.Gm65Profile;
import org.onedoor.drivers.serial.JsscSerialPortOpener;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.drivers.serial.ScannerProfile;
import org.onedoor.drivers.serial.SerialScanner;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.config.TerminalConfig.Lane;

/** The drivers the configuration names: serial scanners and ID-card readers, and Pi4J or simulated GPIO. */
public final class ConfiguredDrivers implements Drivers {
    private final TerminalConfig.Gpio gpio;
    private final JsscSerialPortOpener opener = new JsscSerialPortOpener();

    public ConfiguredDrivers(TerminalConfig.Gpio gpio) {
        this.gpio = gpio;
    }

    @Override
    public GpioBackend gpio() {
        return gpio.simulated() ? new SimulatedGpioBackend(gpio.traceFile(), null)
                : new Pi4jGpioBackend(gpio.provider().configName());
    }

    @Override
    public Scanner scanner(Lane lane) {
        TerminalConfig.Scanner config = lane.scanner();
        var framer = config.framing().newFramer(config.maxFrameBytes(), config.idleMs());
        return new SerialScanner(lane.name(), config.port(), config.baud(), framer, profile(config), opener);
    }

    @Override
    public Optional<IdCardReader> idCardReader(Lane lane) {
        return lane.idCard().map(reader -> new SerialIdCardReader(lane.name(), reader.port(), reader.baud(),
                reader.pollMs(), opener));
    }

    static ScannerProfile profile(TerminalConfig.Scanner config) {
        return config.gm65()
                .<ScannerProfile>map(g -> new Gm65Profile(g.mode(), g.sameCodeDelayMs(), g.beep(), g.signalRefusal()))
                .orElseGet(GenericProfile::new);
    }
}
