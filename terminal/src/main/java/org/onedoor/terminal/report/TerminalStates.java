package org.onedoor.terminal.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.terminal.decision.TerminalMode;
import org.onedoor.terminal.freshness.FreshnessMonitor;
import org.onedoor.terminal.lane.LanePipeline;
import org.onedoor.terminal.lane.LatencyWindow;
import org.onedoor.terminal.ledger.Ledger;
import org.onedoor.terminal.risklist.RiskListState;
import org.onedoor.terminal.status.StatusResolver;

/** Gathers the heartbeat's {@link TerminalState} from the running parts. */
public final class TerminalStates {
    /**
     * The parts a state is read from.
     *
     * @param lanes    the lanes, each with its scanner at the same index in {@code scanners}
     * @param riskList the risk list in force; empty without one configured
     */
    public record Sources(long startedNanos, BooleanSupplier clockSync, TerminalMode mode, List<LanePipeline> lanes,
                          List<Scanner> scanners, Ledger ledger, BooleanSupplier brokerConnected,
                          FreshnessMonitor freshness, StatusResolver resolver,
                          Optional<java.util.function.Supplier<RiskListState>> riskList) {
    }

    private TerminalStates() {
    }

    /** Everything the heartbeat reports: identity, mode, lanes, outbox, knowledge and its age, counts, latency. */
    public static TerminalState of(Sources s) {
        List<LaneState> laneStates = new ArrayList<>();
        Map<String, Long> outcomes = new TreeMap<>();
        List<long[]> samples = new ArrayList<>();
        for (int i = 0; i < s.lanes().size(); i++) {
            LanePipeline lane = s.lanes().get(i);
            laneStates.add(new LaneState(lane.name(), lane.direction(), s.scanners().get(i).health(),
                    lane.counters().noise(), lane.counters().duplicates(), lane.counters().outcomes(),
                    lane.counters().uncheckedPassages()));
            lane.counters().outcomes().forEach((k, v) -> outcomes.merge(k, v, Long::sum));
            samples.add(lane.counters().latencies().samples());
        }
        Ledger ledger = s.ledger();
        long oldest = ledger.oldestPendingEpochMs();
        return new TerminalState(SoftwareVersion.current(), ledger.boot(),
                (System.nanoTime() - s.startedNanos()) / 1_000_000, s.clockSync().getAsBoolean(),
                s.mode().current().wireName(), laneStates, ledger.depth(),
                oldest == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest), ledger.unrecorded(),
                s.brokerConnected().getAsBoolean(), s.freshness().now(), s.freshness().staleness(),
                s.resolver().cacheSize(), s.resolver().breakerOpen(), s.riskList().map(list -> summary(list.get())),
                outcomes, LatencyWindow.percentiles(samples.stream().flatMapToLong(Arrays::stream).toArray()));
    }

    private static TerminalState.RiskListSummary summary(RiskListState state) {
        return new TerminalState.RiskListSummary(state.version(), state.entries(), state.gap());
    }
}
