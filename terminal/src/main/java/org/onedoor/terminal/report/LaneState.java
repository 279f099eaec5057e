package org.onedoor.terminal.report;

import org.onedoor.drivers.serial.ScannerHealth;

/**
 * One lane as the daemon's status reports it.
 *
 * @param scanner    up or down, last frame time, frames, errors, oversize frames and stray bytes
 * @param noiseFrames frames that were not text in the lane's charset, or held control characters
 * @param duplicates  repeats within the duplicate window
 * @param outcomes    decisions since start, keyed {@code result:reason}
 * @param uncheckedPassages passages no grant accounted for (docs/inputs.md)
 */
public record LaneState(String lane, String direction, ScannerHealth scanner, long noiseFrames, long duplicates,
                        java.util.Map<String, Long> outcomes, long uncheckedPassages) {
}
