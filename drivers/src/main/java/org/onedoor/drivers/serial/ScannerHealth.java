package org.onedoor.drivers.serial;

/**
 * A snapshot of one scanner's health, ready for the daemon's status.
 *
 * @param lastFrameEpochMs wall-clock time of the last frame, 0 when none yet
 */
public record ScannerHealth(boolean up, long lastFrameEpochMs, long frames, long errors, long oversize,
                            long noise, String detail) {
}
