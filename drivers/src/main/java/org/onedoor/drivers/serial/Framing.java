package org.onedoor.drivers.serial;

import java.util.Locale;

/** How a scanner ends its frames; the configuration value is the lower-case name with '-' for '_'. */
public enum Framing {
    CR, LF, CRLF;

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Framing fromConfigName(String value) {
        for (Framing f : values()) {
            if (f.configName().equals(value)) {
                return f;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
