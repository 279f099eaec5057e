package org.onedoor.terminal.daemon;

import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.onedoor.terminal.command.CommandSyntax;
import org.onedoor.terminal.command.CommandVerifier;
import org.onedoor.terminal.command.SeenIds;
import org.onedoor.terminal.command.Target;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.lifecycle.Service;
import org.onedoor.terminal.mqtt.DirectPublisher;
import org.onedoor.terminal.mqtt.OversizeAlerts;
import org.onedoor.terminal.mqtt.Subscription;
import org.onedoor.terminal.store.StoreFiles;

/**
 * The county's signed commands (docs/commands.md), only with its command key configured. Started before the
 * publisher, so every handler exists before the publisher subscribes; seen request ids live in the data dir.
 */
final class CommandsService implements Service {
    private final TerminalConfig config;
    private final BooleanSupplier clockSync;
    private final Daemon daemon;
    private final DirectPublisher publisher;
    private final OversizeAlerts oversize;
    private final QuietLedger events;
    private SeenIds seen;
    private RemoteCommands handler;

    CommandsService(TerminalConfig config, BooleanSupplier clockSync, Daemon daemon, DirectPublisher publisher,
                    OversizeAlerts oversize, QuietLedger events) {
        this.config = config;
        this.clockSync = clockSync;
        this.daemon = daemon;
        this.publisher = publisher;
        this.oversize = oversize;
        this.events = events;
    }

    @Override
    public String name() {
        return "commands";
    }

    @Override
    public void start() throws StartupException {
        var t = config.terminal();
        try {
            seen = StoreFiles.openOrMoveAside(t.dataDir().resolve(SeenIds.FILE), "commands", Clock.systemUTC(),
                    () -> SeenIds.open(t.dataDir(), Clock.systemUTC(), System::nanoTime),
                    damaged -> events.storeDamaged(damaged, damaged.alert(java.util.Map.of())));
        } catch (java.sql.SQLException e) {
            throw new StartupException("cannot open the store of seen command ids (SQLite error " + e.getErrorCode()
                    + ")", false, e);
        }
        CommandVerifier verifier = new CommandVerifier(config.mqtt().commandPublicKey().orElseThrow(),
                new Target(t.county(), t.venue(), t.id()), Clock.systemUTC(), clockSync, seen);
        handler = new RemoteCommands(verifier, daemon, publisher, oversize, Clock.systemUTC());
    }

    @Override
    public void stop() throws Exception {
        seen.close();
    }

    /** The terminal's {@code cmd/+} topic: junk is shed on arrival, unanswered. Once this service has started. */
    List<Subscription> subscriptions() {
        return List.of(new Subscription(BrokerSettings.topicPrefix(config) + "/cmd/+", handler,
                Subscription.Delivery.SHEDDABLE, CommandSyntax.MAX_PAYLOAD_BYTES));
    }
}
