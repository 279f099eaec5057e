package org.onedoor.terminal.daemon;

import java.util.List;

/**
 * The daemon's state as its status reports it.
 *
 * @param outboxDepth      events the broker has not acknowledged yet
 * @param oldestUnsentAgeMs age of the oldest of them, 0 when there are none
 * @param unrecorded       events that could not be written since the last write that succeeded
 * @param brokerConnected  whether the publisher is connected (false when the daemon does not publish)
 */
public record TerminalState(List<LaneState> lanes, long outboxDepth, long oldestUnsentAgeMs, long unrecorded,
                            boolean brokerConnected) {
}
