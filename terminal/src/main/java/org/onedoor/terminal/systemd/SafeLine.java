package org.onedoor.terminal.systemd;

import org.onedoor.drivers.gpio.GpioProvider;

/**
 * An output line and the level that makes it safe (relay released, lamp off), in the terms the
 * gpiod tools use: a chip, an offset on it, a physical level.
 *
 * @param chip   a chip as {@code gpioset} names it ({@code gpiochip0}), {@link #SOC_CHIP} for the
 *               Pi's own GPIO controller, or {@link #SYSFS} for a line exported under /sys/class/gpio
 * @param offset the line's offset on the chip (the BCM number on the Pi's controller)
 * @param level  the physical level, 0 or 1, at which the load is not energised
 * @param name   what the line drives, for the stop hook's log ("east relay")
 */
public record SafeLine(String chip, int offset, int level, String name) {
    /**
     * The Pi's GPIO controller, found by the stop hook as Pi4J's gpiod provider finds it: the first
     * chip whose label begins with "pinctrl" (pinctrl-bcm2835, -bcm2711, -rp1), whatever its number.
     */
    public static final String SOC_CHIP = "pinctrl";
    /** Lines the linuxfs provider exported through sysfs; they stay exported, and driven, after a crash. */
    public static final String SYSFS = "sysfs";

    public SafeLine {
        if (chip.isBlank() || chip.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("chip must be one word: '" + chip + "'");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative line offset " + offset);
        }
        if (level != 0 && level != 1) {
            throw new IllegalArgumentException("level must be 0 or 1, not " + level);
        }
        if (name.contains("\n") || name.contains("\r")) {
            throw new IllegalArgumentException("line name must be one line");
        }
    }

    /**
     * A BCM pin driven by the daemon's GPIO provider, safe when inactive.
     *
     * @param provider {@code gpiod} or {@code linuxfs}, as in {@code [gpio] provider}
     * @param activeLow the load is energised by a low level, so the safe level is high
     */
    public static SafeLine bcmOutput(GpioProvider provider, int bcmPin, boolean activeLow, String name) {
        String chip = switch (provider) {
            case GPIOD -> SOC_CHIP;
            case LINUXFS -> SYSFS;
            case SIMULATED -> throw new IllegalArgumentException("no real GPIO lines with provider " + provider);
        };
        return new SafeLine(chip, bcmPin, activeLow ? 1 : 0, name);
    }
}
