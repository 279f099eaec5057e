package org.onedoor.terminal.daemon;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.onedoor.terminal.command.Command;
import org.onedoor.terminal.command.CommandResult;
import org.onedoor.terminal.command.CommandVerifier;
import org.onedoor.terminal.command.Verdict;
import org.onedoor.terminal.decision.Outcome;
import org.onedoor.terminal.lane.LanePipeline;
import org.onedoor.terminal.ledger.OutboxMessage;
import org.onedoor.terminal.mqtt.DirectPublisher;
import org.onedoor.terminal.mqtt.Subscription;
import org.tinylog.Logger;

/**
 * The county's signed commands (docs/commands.md): each one verified — signature, target, lifetime, clock,
 * replay, retain flag — before anything runs, and answered on {@code cmd/{name}/result}. Runs on the publisher's
 * inbound thread, one command at a time.
 */
final class RemoteCommands implements Subscription.Handler {
    /** How long a replay may take to hand its events to the broker before it reports what it managed. */
    private static final Duration REPLAY_DEADLINE = Duration.ofSeconds(60);

    private final CommandVerifier verifier;
    private final Daemon daemon;
    private final DirectPublisher publisher;
    private final Clock clock;

    RemoteCommands(CommandVerifier verifier, Daemon daemon, DirectPublisher publisher, Clock clock) {
        this.verifier = verifier;
        this.daemon = daemon;
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public void onMessage(String topic, byte[] payload, boolean retained) {
        String name = topic.substring(topic.lastIndexOf('/') + 1);
        Verdict verdict = verifier.verify(name, payload, retained);
        CommandResult result = CommandResult.of(verdict);
        if (verdict instanceof Verdict.Accepted accepted) {
            result = run(accepted.command().command(), result);
        }
        Logger.info("command {}: {} ({})", verdict.name(), result.accepted() ? "accepted" : "refused", result.reason());
        if (verdict.name() != null) {
            publisher.publishDirect("cmd/" + verdict.name() + "/result", result.toJson(clock.instant()), false);
        }
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

    private CommandResult open(Command.Open open, CommandResult result) {
        Optional<LanePipeline> lane = daemon.lanes().stream().filter(l -> l.name().equals(open.lane())).findFirst();
        if (lane.isEmpty()) {
            return result.failed(CommandResult.Failure.UNKNOWN_LANE);
        }
        Outcome outcome = lane.get().openBy("remote", "remote_open");
        return outcome.granted() ? result
                : result.failed(CommandResult.Failure.FAILED).withDetail("error", outcome.reason());
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
