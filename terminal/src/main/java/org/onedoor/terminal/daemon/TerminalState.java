package org.onedoor.terminal.daemon;

import java.util.List;
import org.onedoor.terminal.event.Freshness;
import org.onedoor.terminal.freshness.FreshnessMonitor.Staleness;

/**
 * The daemon's state as its status reports it.
 *
 * @param outboxDepth      events the broker has not acknowledged yet
 * @param oldestUnsentAgeMs age of the oldest of them, 0 when there are none
 * @param unrecorded       events that could not be written since the last write that succeeded
 * @param brokerConnected  whether the publisher is connected (false when the daemon does not publish)
 * @param freshness        the ages of the risk list and of the service's last answer (no status age)
 * @param staleness        which of them is past its limit
 */
public record TerminalState(List<LaneState> lanes, long outboxDepth, long oldestUnsentAgeMs, long unrecorded,
                            boolean brokerConnected, String mode, Freshness freshness, Staleness staleness) {
}
