package org.onedoor.terminal.daemon;

import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.onedoor.terminal.command.CommandVerifier;
import org.onedoor.terminal.command.SeenIds;
import org.onedoor.terminal.command.Target;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.lifecycle.Service;
import org.onedoor.terminal.mqtt.DirectPublisher;
import org.onedoor.terminal.mqtt.Subscription;

/**
 * The county's signed commands (docs/commands.md), only with its command key configured. Started before the
 * publisher, so the handler exists before the first command can arrive; seen request ids live in the data dir.
 */
final class CommandsService implements Service {
    private final TerminalConfig config;
    private final BooleanSupplier clockSync;
    private final Daemon daemon;
    private final DirectPublisher publisher;
    private SeenIds seen;
    private volatile RemoteCommands handler;

    CommandsService(TerminalConfig config, BooleanSupplier clockSync, Daemon daemon, DirectPublisher publisher) {
        this.config = config;
        this.clockSync = clockSync;
        this.daemon = daemon;
        this.publisher = publisher;
    }

    @Override
    public String name() {
        return "commands";
    }

    @Override
    public void start() throws StartupException {
        var t = config.terminal();
        try {
            seen = SeenIds.open(t.dataDir(), Clock.systemUTC());
        } catch (java.sql.SQLException e) {
            throw new StartupException("cannot open the store of seen command ids (SQLite error " + e.getErrorCode()
                    + ")", false, e);
        }
        CommandVerifier verifier = new CommandVerifier(config.mqtt().commandPublicKey().orElseThrow(),
                new Target(t.county(), t.venue(), t.id()), Clock.systemUTC(), clockSync, seen);
        handler = new RemoteCommands(verifier, daemon, publisher, Clock.systemUTC());
    }

    @Override
    public void stop() throws Exception {
        seen.close();
    }

    /** The terminal's {@code cmd/+} topic, handled once this service has started. */
    Subscription subscription() {
        return new Subscription(BrokerSettings.topicPrefix(config) + "/cmd/+",
                (topic, payload, retained) -> handler.onMessage(topic, payload, retained));
    }
}
