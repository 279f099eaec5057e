package org.onedoor.drivers.serial;

/**
 * What a {@link Scanner} reports. Called on the scanner's own thread; must not throw. A scanner survives
 * a listener that does all the same, except for a fault of the whole JVM ({@link FatalErrors}).
 */
public interface ScanListener {
    /** A frame, terminator removed; {@code endNanos} from {@link System#nanoTime()} at the frame's end. */
    void onFrame(byte[] frame, long endNanos);

    /** The scanner went down (port lost, not openable) or came back up. */
    default void onAvailability(boolean up, String detail) {
    }
}
