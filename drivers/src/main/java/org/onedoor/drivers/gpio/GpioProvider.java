package org.onedoor.drivers.gpio;

import java.util.Locale;

/** Which GPIO driver moves the relays and lamps, as {@code [gpio] provider} names it (docs/operations.md). */
public enum GpioProvider {
    /** The character device through libgpiod: current kernels. */
    GPIOD,
    /** The sysfs interface: older kernels; lines stay exported after a crash. */
    LINUXFS,
    /** No hardware: levels traced to a file, for tests and demonstrations. */
    SIMULATED;

    /** The spelling in the configuration, and the name Pi4J's plugin goes by. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
