package org.onedoor.terminal.daemon;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.lane.LanePipeline;
import org.onedoor.terminal.lifecycle.Service;
import org.onedoor.terminal.status.VerifyOutcome;
import org.tinylog.Logger;

/**
 * Before READY, warms what the first scan uses, so that the first person after a restart is served like the
 * hundredth (docs/performance.md, first-scan). Every lane rehearses a made-up frame through its decision path
 * ({@link LanePipeline#rehearse}: nothing reaches a relay, a lamp, the ledger, the cache or MQTT), while the health
 * service is asked the breaker's probe on a thread of its own, so that its connection, TLS included, is open. The
 * start waits for that answer at most one scan's budget: a service down or slow at start delays READY by no more,
 * and the probe goes on in the background. The journal gets one line with the durations.
 */
final class WarmUpService implements Service {
    /** No scanner reads this, and no profile should match it. */
    private static final byte[] FRAME = "onedoor-warm-up".getBytes(StandardCharsets.US_ASCII);
    private static final String SUBJECT = "onedoor-warm-up";
    /**
     * One round loads and first runs the path, which is most of a cold scan's cost; more rounds bring the hot methods
     * towards their compilation, at a few milliseconds of start each.
     */
    static final int ROUNDS = 20;
    /** A cold TLS handshake on a Pi may take longer than a scan's budget: it may finish after READY. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final TerminalConfig config;
    private final Supplier<List<LanePipeline>> lanes;
    private final StatusService status;
    private volatile Thread probe;
    private volatile String probeResult = "no answer yet";
    /** Set once the start stopped waiting for the probe: a later answer is logged by the probe itself. */
    private volatile boolean ready;

    WarmUpService(TerminalConfig config, Supplier<List<LanePipeline>> lanes, StatusService status) {
        this.config = config;
        this.lanes = lanes;
        this.status = status;
    }

    @Override
    public String name() {
        return "warm-up";
    }

    @Override
    public void start() throws InterruptedException {
        long started = System.nanoTime();
        probe = new Thread(this::warmConnection, "warm-up-probe");
        probe.setDaemon(true);
        probe.start();
        long firstRoundMs = 0;
        for (int round = 0; round < ROUNDS; round++) {
            for (LanePipeline lane : lanes.get()) {
                lane.rehearse(FRAME, SUBJECT);
            }
            if (round == 0) {
                firstRoundMs = (System.nanoTime() - started) / 1_000_000;
            }
        }
        long pathMs = (System.nanoTime() - started) / 1_000_000;
        long budgetNanos = TimeUnit.MILLISECONDS.toNanos(config.health().budgetMs());
        TimeUnit.NANOSECONDS.timedJoin(probe, budgetNanos - (System.nanoTime() - started));
        ready = true;
        String service = probe.isAlive() ? "no answer within the " + config.health().budgetMs()
                + " ms budget, still asking in the background" : probeResult;
        Logger.info("warm-up: {} ms before READY (decision path {} ms, the first of {} rounds {} ms; health service:"
                + " {})", (System.nanoTime() - started) / 1_000_000, pathMs, ROUNDS, firstRoundMs, service);
    }

    private void warmConnection() {
        var t = config.terminal();
        String entrance = config.lanes().isEmpty() ? "" : config.lanes().get(0).entrance();
        long started = System.nanoTime();
        VerifyOutcome outcome = status.warmUpConnection(t.id(), t.venue(), entrance, PROBE_TIMEOUT);
        probeResult = (outcome instanceof VerifyOutcome.Failed failed ? failed.why() : "answered") + " in "
                + (System.nanoTime() - started) / 1_000_000 + " ms";
        if (ready && !Thread.currentThread().isInterrupted()) {
            Logger.info("warm-up: health service after READY: {}", probeResult);
        }
    }

    @Override
    public void stop() {
        Thread running = probe;
        if (running != null) {
            running.interrupt();
        }
    }
}
