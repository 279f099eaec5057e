package org.onedoor.drivers.serial;

/**
 * A snapshot of one scanner's health, ready for the daemon's status.
 *
 * @param up               the port is open and the module configured
 * @param lastFrameEpochMs wall-clock time of the last frame, 0 when none yet
 * @param errors           ports lost, module failures, listener failures
 * @param oversize         frames dropped for exceeding the maximum length
 * @param noise            bytes the framer dropped as belonging to no frame
 * @param detail           why it is up or down, e.g. the port or "gm65 module not answering"
 */
public record ScannerHealth(boolean up, long lastFrameEpochMs, long frames, long errors, long oversize,
                            long noise, String detail) {
}
