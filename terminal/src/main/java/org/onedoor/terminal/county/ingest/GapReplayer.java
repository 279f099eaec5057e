package org.onedoor.terminal.county.ingest;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.onedoor.terminal.command.Command;
import org.onedoor.terminal.command.CommandSigner;
import org.onedoor.terminal.command.Target;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.county.store.Gap;
import org.tinylog.Logger;

/**
 * Asks terminals for what the county is missing: a seq range older than the grace period gets a signed
 * {@code replay} command (docs/commands.md), and again each grace period until the refill closes it. A gap the
 * terminal cannot fill (its ledger no longer holds the events) stays open and is listed by {@code county gaps}.
 */
public final class GapReplayer {
    /** A replay command asks for at most this many events (docs/commands.md). */
    static final long MAX_RANGE = 10_000;
    private static final Duration COMMAND_LIFETIME = Duration.ofSeconds(60);

    private final EventStore store;
    private final CommandSigner signer;
    private final String topicRoot;
    private final Duration grace;
    private final Clock clock;

    public GapReplayer(EventStore store, CommandSigner signer, String topicRoot, Duration grace, Clock clock) {
        this.store = store;
        this.signer = signer;
        this.topicRoot = topicRoot;
        this.grace = grace;
        this.clock = clock;
    }

    /** One pass: a replay for every gap past its grace and not asked for within the grace period. */
    public int askForGaps(IMqttAsyncClient client) throws SQLException {
        long now = clock.millis();
        List<Gap> gaps = store.gaps(now - grace.toMillis());
        int asked = 0;
        for (Gap gap : gaps) {
            long last = store.replayAskedMs(gap);
            if (last >= 0 && now - last < grace.toMillis()) {
                continue;
            }
            long to = Math.min(gap.toSeq(), gap.fromSeq() + MAX_RANGE - 1);
            Target target = new Target(gap.county(), gap.venue(), gap.terminal());
            byte[] command = signer.sign(target, COMMAND_LIFETIME, new Command.Replay(gap.fromSeq(), to));
            String topic = topicRoot + "/" + gap.county() + "/" + gap.venue() + "/" + gap.terminal() + "/cmd/replay";
            try {
                client.publish(topic, command, 1, false);
            } catch (MqttException e) {
                Logger.warn("replay for {} seq {}..{} not sent: {}", gap.terminal(), gap.fromSeq(), to, e.getMessage());
                continue;
            }
            store.replayAsked(gap, to, now);
            asked++;
            Logger.info("asked {} ({}) to replay seq {}..{}", gap.terminal(), gap.venue(), gap.fromSeq(), to);
        }
        return asked;
    }
}
