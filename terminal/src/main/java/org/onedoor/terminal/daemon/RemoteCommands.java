package org.onedoor.terminal.daemon;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.onedoor.terminal.command.Command;
import org.onedoor.terminal.command.CommandResult;
import org.onedoor.terminal.command.CommandVerifier;
import org.onedoor.terminal.command.Refusal;
import org.onedoor.terminal.command.Verdict;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.lane.LanePipeline;
import org.onedoor.terminal.ledger.LedgerException;
import org.onedoor.terminal.ledger.OutboxMessage;
import org.onedoor.terminal.mqtt.DirectPublisher;
import org.onedoor.terminal.mqtt.OversizeAlerts;
import org.onedoor.terminal.mqtt.TokenBucket;
import org.onedoor.terminal.mqtt.Subscription;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.tinylog.Logger;

/**
 * The county's signed commands (docs/commands.md): each one verified — signature, target, lifetime, clock,
 * replay, retain flag — before anything runs. Junk is shed on the broker's callback thread before it costs a
 * signature check ({@link #admit}); what is left runs on the commands' inbound thread, one command at a time.
 * The result of an accepted command is a ledger row, published through the outbox like an entry; a refusal
 * of a message that passed the screening is answered at once, if the connection has room, since it changed
 * nothing and the county may simply send again.
 */
final class RemoteCommands implements Subscription.Handler {
    /** How long a replay may take to hand its events to the broker before it reports what it managed. */
    private static final Duration REPLAY_DEADLINE = Duration.ofSeconds(60);
    /**
     * Signature checks per second, and in a burst. A county sends a few commands a minute; an Ed25519 check costs
     * a millisecond or more on a Raspberry Pi, so a flood of forged signatures could otherwise take a core.
     */
    static final int VERIFICATIONS_PER_SECOND = 20;
    static final int VERIFICATION_BURST = 20;

    private final CommandVerifier verifier;
    private final Daemon daemon;
    private final DirectPublisher publisher;
    private final OversizeAlerts oversize;
    private final Clock clock;
    /** Used on the broker's callback thread only. */
    private final TokenBucket verifications = new TokenBucket(VERIFICATIONS_PER_SECOND, VERIFICATION_BURST);
    private final RepeatLimiter repeats = new RepeatLimiter();
    private final java.util.concurrent.atomic.AtomicLong junk = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong overRate = new java.util.concurrent.atomic.AtomicLong();

    RemoteCommands(CommandVerifier verifier, Daemon daemon, DirectPublisher publisher, OversizeAlerts oversize,
                   Clock clock) {
        this.verifier = verifier;
        this.daemon = daemon;
        this.publisher = publisher;
        this.oversize = oversize;
        this.clock = clock;
    }

    /** On the broker's callback thread: sheds junk, then anything beyond the rate of signature checks. */
    @Override
    public boolean admit(String topic, byte[] payload, boolean retained) {
        Optional<Refusal> refusal = verifier.screen(nameOf(topic), payload, retained);
        if (refusal.isPresent()) {
            junk.incrementAndGet();
            logShed(refusal.get().word());
            return false;
        }
        if (!verifications.tryTake()) {
            overRate.incrementAndGet();
            logShed("over " + VERIFICATIONS_PER_SECOND + " signature checks a second");
            return false;
        }
        return true;
    }

    @Override
    public void onMessage(String topic, byte[] payload, boolean retained) {
        Verdict verdict = verifier.verify(nameOf(topic), payload, retained);
        CommandResult result = CommandResult.of(verdict);
        if (verdict instanceof Verdict.Accepted accepted) {
            result = run(accepted.command().command(), result);
        }
        Logger.info("command {}: {} ({})", verdict.name(), result.accepted() ? "accepted" : "refused", result.reason());
        if (verdict.accepted()) {
            record(result);
        } else if (verdict.name() != null) {
            publisher.publishDirect("cmd/" + verdict.name() + "/result", result.toJson(clock.instant()), false);
        }
    }

    /** A message on a command topic larger than any command, or one that failed: nothing to answer, only to count. */
    @Override
    public void onLost(String topic, Subscription.Loss loss, long bytes) {
        junk.incrementAndGet();
        logShed(loss.name().toLowerCase(java.util.Locale.ROOT));
        if (loss == Subscription.Loss.OVERSIZED) {
            oversize.discarded("cmd", bytes);
        }
    }

    private void logShed(String why) {
        repeats.admit("shed").ifPresent(held -> Logger.warn(
                "command messages shed unverified and unanswered: {} junk, {} over the rate since start (latest: {}){}",
                junk, overRate, why, held));
    }

    /** The command ran: its result must reach the county, so it goes through the ledger and the outbox. */
    private void record(CommandResult result) {
        try {
            daemon.ledger().append(new Event.CommandAnswer(result.name(),
                    new String(result.toJson(clock.instant()), java.nio.charset.StandardCharsets.UTF_8)));
        } catch (LedgerException e) {
            Logger.error("command {}: its result could not be recorded ({}); sending it once", result.name(),
                    e.getMessage());
            publisher.publishDirect("cmd/" + result.name() + "/result", result.toJson(clock.instant()), false);
        }
    }

    private static String nameOf(String topic) {
        return topic.substring(topic.lastIndexOf('/') + 1);
    }

    private CommandResult run(Command command, CommandResult result) {
        try {
            if (command instanceof Command.Open open) {
                return open(open, result);
            }
            if (command instanceof Command.SetMode set) {
                return result.withDetail("changed", daemon.mode().set(set.mode()));
            }
            if (command instanceof Command.Reload) {
                return reload(result);
            }
            if (command instanceof Command.Replay replay) {
                return replay(replay, result);
            }
            daemon.publishHeartbeat();
            return result;
        } catch (RuntimeException e) {
            Logger.error(e, "command {} failed", command.name());
            return result.failed(CommandResult.Failure.FAILED).withDetail("error", e.getClass().getSimpleName());
        }
    }

    /** One pulse, recorded with the operator's reason; the result names the lane and the entry's seq. */
    private CommandResult open(Command.Open open, CommandResult result) {
        Optional<LanePipeline> lane = daemon.lanes().stream().filter(l -> l.name().equals(open.lane())).findFirst();
        if (lane.isEmpty()) {
            return result.failed(CommandResult.Failure.UNKNOWN_LANE);
        }
        LanePipeline.Opened opened = lane.get().openByCounty(open.reason());
        CommandResult done = result.withDetail("lane", open.lane());
        if (opened.seq().isPresent()) {
            done = done.withDetail("seq", opened.seq().getAsLong());
        }
        return opened.outcome().granted() ? done
                : done.failed(CommandResult.Failure.FAILED).withDetail("error", opened.outcome().reason());
    }

    private CommandResult reload(CommandResult result) {
        Daemon.ReloadReport report = daemon.reload();
        if (!report.valid()) {
            return result.failed(CommandResult.Failure.FAILED).withDetail("error", "config_invalid")
                    .withDetail("problems", (long) report.problems().size());
        }
        return result.withDetail("applied", String.join(",", report.applied()))
                .withDetail("restart_needed", String.join(",", report.restartNeeded()));
    }

    /** Sends the held events again, unchanged, on {@code replay}; the broker's window paces it. */
    private CommandResult replay(Command.Replay replay, CommandResult result) {
        List<OutboxMessage> events = daemon.ledger().range(replay.fromSeq(), replay.toSeq());
        long deadline = System.nanoTime() + REPLAY_DEADLINE.toNanos();
        int sent = 0;
        for (OutboxMessage event : events) {
            while (!publisher.publishDirect("replay", event.payload(), false)) {
                if (System.nanoTime() > deadline || !publisher.isConnected()) {
                    return result.failed(CommandResult.Failure.FAILED).withDetail("sent", (long) sent)
                            .withDetail("held", (long) events.size());
                }
                pause();
            }
            sent++;
        }
        long asked = replay.toSeq() - replay.fromSeq() + 1;
        CommandResult done = result.withDetail("sent", (long) sent);
        return sent < asked ? done.failed(CommandResult.Failure.OUT_OF_RANGE).withDetail("held", (long) events.size())
                : done;
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
