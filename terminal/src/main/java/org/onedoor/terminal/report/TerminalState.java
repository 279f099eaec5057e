package org.onedoor.terminal.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.onedoor.terminal.event.Freshness;
import org.onedoor.terminal.freshness.FreshnessMonitor.Staleness;
import org.onedoor.terminal.lane.LatencyWindow.Percentiles;

/**
 * The daemon's state as its heartbeat reports it.
 *
 * @param outboxDepth       events the broker has not acknowledged yet
 * @param oldestUnsentAgeMs age of the oldest of them, 0 when there are none
 * @param unrecorded        events that could not be written since the last write that succeeded
 * @param brokerConnected   whether the publisher is connected (false when the daemon does not publish)
 * @param freshness         the ages of the risk list and of the service's last answer (no status age)
 * @param staleness         which of them is past its limit
 * @param cacheSize         people in the status cache, fresh or not
 * @param serviceBreakerOpen whether scans have stopped asking the health service
 * @param riskList          the risk list in force; empty without one configured
 * @param outcomes          decisions since start, keyed {@code result:reason}, all lanes
 * @param latency           frame end → relay written, recent decisions of all lanes
 */
public record TerminalState(String version, long boot, long uptimeMs, boolean clockSynced, String mode,
                            List<LaneState> lanes, long outboxDepth, long oldestUnsentAgeMs, long unrecorded,
                            boolean brokerConnected, Freshness freshness, Staleness staleness, long cacheSize,
                            boolean serviceBreakerOpen, Optional<RiskListSummary> riskList,
                            Map<String, Long> outcomes, Percentiles latency) {

    /** @param gap a delta was missed: the list stays on {@code version} until the next snapshot */
    public record RiskListSummary(long version, int entries, boolean gap) {
    }
}
