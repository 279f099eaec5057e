package org.onedoor.drivers.serial;

import java.util.Locale;

/** How a scanner ends its frames; the configuration value is the lower-case name with '-' for '_'. */
public enum Framing {
    CR, LF, CRLF, ANY_EOL, IDLE, LENGTH;

    public static final int DEFAULT_MAX_FRAME_BYTES = 2048;
    public static final int DEFAULT_IDLE_MS = 50;

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

    /**
     * A framer for this framing.
     *
     * @param idleMs the silence that ends a frame; used by {@link #IDLE} only
     */
    public ScanFramer newFramer(int maxFrameBytes, int idleMs) {
        return switch (this) {
            case IDLE -> new IdleFramer(maxFrameBytes, idleMs);
            case LENGTH -> new LengthPrefixFramer(maxFrameBytes);
            default -> new EolFramer(this, maxFrameBytes);
        };
    }
}
