package org.onedoor.terminal.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.onedoor.drivers.retry.Backoff;
import org.tinylog.Logger;

/**
 * A verify client that stops asking a dead service. After a number of consecutive faults (no answer
 * in time, no connection, TLS refused, an unusable 200 body, a 5xx or a 429) every scan is answered
 * {@code Failed("breaker open")} at once, without a request, so a dead service no longer costs the
 * budget on every scan. Meanwhile a background probe asks the service about {@link #PROBE_CODE},
 * first after the probe delay and then at doubling intervals up to a cap, each with jitter; any other HTTP answer
 * (a 404 is the expected one) shows the service alive and closes the breaker.
 *
 * <p>Faults are told apart by the fixed failure words of docs/health-service.md.
 */
public final class CircuitBreakingVerifyClient implements VerifyClient, AutoCloseable {

    /** Asked by the probe. Not a health code any scanner can read, so an honest service answers 404. */
    public static final String PROBE_CODE = "onedoor-probe";

    private static final Pattern HTTP_STATUS = Pattern.compile("http ([0-9]{3})");

    static final VerifyOutcome.Failed BREAKER_OPEN = new VerifyOutcome.Failed("breaker open");

    private enum Verdict { ALIVE, FAULT, NONE }

    /** Where the probe says it comes from and how long it may wait: as the scan that opened the breaker. */
    private record ProbeShape(String terminal, String venue, String entrance, Duration budget) {
    }

    private final VerifyClient service;
    private final CircuitBreaker breaker;
    private final Clock clock;
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "verify-probe");
        thread.setDaemon(true);
        return thread;
    });
    private volatile ProbeShape probeShape;
    private volatile long openedAtNanos;
    private volatile Instant lastSuccess;

    /**
     * @param service         the client that does the asking
     * @param faultsToOpen    consecutive faults that open the breaker
     * @param firstProbeDelay from opening to the first probe
     * @param maxProbeDelay   the longest wait between probes
     * @param clock           for {@link #lastSuccess()}
     */
    public CircuitBreakingVerifyClient(VerifyClient service, int faultsToOpen, Duration firstProbeDelay,
                                       Duration maxProbeDelay, Clock clock) {
        this.service = Objects.requireNonNull(service, "service");
        this.breaker = new CircuitBreaker(faultsToOpen, Backoff.withJitter(firstProbeDelay, maxProbeDelay));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public VerifyOutcome verify(VerifyRequest req, Duration budget) {
        if (breaker.isOpen()) {
            return BREAKER_OPEN;
        }
        VerifyOutcome outcome = service.verify(req, budget);
        switch (judge(outcome)) {
            case ALIVE -> alive(outcome, breaker.recordAlive());
            case FAULT -> {
                if (breaker.recordFault()) {
                    opened(req, budget, ((VerifyOutcome.Failed) outcome).why());
                }
            }
            case NONE -> { }
        }
        return outcome;
    }

    /** The probe's request, asked past the breaker: its answer is not counted, as no scan made it. */
    @Override
    public VerifyOutcome warmUp(VerifyRequest probe, Duration timeout) {
        return service.warmUp(probe, timeout);
    }

    /** The request a probe sends, from {@code terminal} at {@code entrance}. */
    public VerifyRequest probeRequest(String terminal, String venue, String entrance) {
        return new VerifyRequest(PROBE_CODE, terminal, venue, entrance, clock.instant());
    }

    /** True while scans are answered without asking the service. */
    @Override
    public boolean breakerOpen() {
        return isOpen();
    }

    public boolean isOpen() {
        return breaker.isOpen();
    }

    /** When the service last gave a usable answer (a verdict or "unknown code"), to a scan or a probe. */
    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    /** Stops probing; a probe under way is interrupted. */
    @Override
    public void close() {
        prober.shutdownNow();
    }

    private void opened(VerifyRequest req, Duration budget, String lastFailure) {
        probeShape = new ProbeShape(req.terminal(), req.venue(), req.entrance(), budget);
        openedAtNanos = System.nanoTime();
        Logger.warn("verify service failing (last: {}): breaker open, scans no longer ask it until a probe answers",
                lastFailure);
        breaker.startProbing().ifPresent(this::scheduleProbe);
    }

    private void alive(VerifyOutcome outcome, boolean closedNow) {
        if (!(outcome instanceof VerifyOutcome.Failed)) {
            lastSuccess = clock.instant();
        }
        if (closedNow) {
            Logger.info("verify service answers again: breaker closed after {} ms open",
                    (System.nanoTime() - openedAtNanos) / 1_000_000);
        }
    }

    private void scheduleProbe(Duration delay) {
        try {
            prober.schedule(this::probe, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            Logger.debug("verify probe not scheduled: the client is closed");
        }
    }

    private void probe() {
        if (!breaker.probeDue()) {
            return;
        }
        VerifyOutcome outcome = askProbe();
        switch (judge(outcome)) {
            case ALIVE -> alive(outcome, breaker.recordProbeAlive());
            case FAULT -> breaker.recordProbeFault().ifPresent(this::scheduleProbe);
            case NONE -> { } // interrupted: the client is closing
        }
    }

    /** A client must not throw, but if it did, the probes must go on: a dead probe would leave the breaker open. */
    private VerifyOutcome askProbe() {
        ProbeShape shape = probeShape;
        try {
            return service.verify(
                    new VerifyRequest(PROBE_CODE, shape.terminal(), shape.venue(), shape.entrance(), clock.instant()),
                    shape.budget());
        } catch (RuntimeException e) {
            Logger.error("verify probe: the client threw {}", e.getClass().getName());
            return new VerifyOutcome.Failed("client error");
        }
    }

    /**
     * Whether an outcome shows the service alive. An HTTP answer below 500 does, except 429 (the
     * service asks to be left alone); "interrupted" is the terminal stopping and says nothing.
     */
    private static Verdict judge(VerifyOutcome outcome) {
        if (!(outcome instanceof VerifyOutcome.Failed failed)) {
            return Verdict.ALIVE;
        }
        String why = failed.why();
        if (why.equals("interrupted")) {
            return Verdict.NONE;
        }
        Matcher http = HTTP_STATUS.matcher(why);
        if (http.matches()) {
            int status = Integer.parseInt(http.group(1));
            return status >= 500 || status == 429 ? Verdict.FAULT : Verdict.ALIVE;
        }
        return Verdict.FAULT;
    }
}
