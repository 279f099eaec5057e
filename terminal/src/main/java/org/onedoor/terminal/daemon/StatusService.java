package org.onedoor.terminal.daemon;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.lifecycle.Service;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.status.CircuitBreakingVerifyClient;
import org.onedoor.terminal.status.HttpVerifyClient;
import org.onedoor.terminal.status.RiskCheck;
import org.onedoor.terminal.status.StatusCache;
import org.onedoor.terminal.status.StatusResolver;
import org.onedoor.terminal.status.VerifyOutcome;
import org.onedoor.terminal.store.StoreFiles;

/** {@code [health]}: the verify client behind its circuit breaker, the status cache, and the resolver over both. */
final class StatusService implements Service {
    private final TerminalConfig.Health health;
    private final java.nio.file.Path dataDir;
    private final Pseudonymizer pseudonymizer;
    private final Supplier<RiskCheck> riskCheck;
    private final QuietLedger events;
    private CircuitBreakingVerifyClient client;
    private StatusCache cache;
    private volatile StatusResolver resolver;

    /** @param riskCheck the risk list's lookup, asked for at start */
    StatusService(TerminalConfig config, Pseudonymizer pseudonymizer, Supplier<RiskCheck> riskCheck,
                  QuietLedger events) throws StartupException {
        this.health = config.health();
        this.dataDir = config.terminal().dataDir();
        this.pseudonymizer = pseudonymizer;
        this.riskCheck = riskCheck;
        this.events = events;
        if (health.tokenFile().isPresent()) {
            Secrets.require("health.token_file", health.tokenFile().get());
        }
    }

    @Override
    public String name() {
        return "status";
    }

    StatusResolver resolver() {
        return resolver;
    }

    @Override
    public void start() throws StartupException {
        HttpVerifyClient http;
        try {
            http = new HttpVerifyClient(health.url(), health.tokenFile(), health.caFile());
        } catch (IOException e) {
            throw new StartupException("health: " + e.getMessage(), true, e);
        }
        client = new CircuitBreakingVerifyClient(http, health.breakerFailures(), health.breakerProbe(),
                health.breakerProbeMax(), Clock.systemUTC());
        try {
            cache = StoreFiles.openOrMoveAside(dataDir.resolve(StatusCache.FILE_NAME), "status_cache",
                    Clock.systemUTC(), () -> StatusCache.inBackground(dataDir, health.cacheTtl(), health.cacheMaxEntries()),
                    damaged -> events.storeDamaged(damaged, damaged.alert(Map.of())));
        } catch (IOException e) {
            client.close();
            throw new StartupException("cannot open the status cache: " + e.getMessage(), false, e);
        }
        resolver = new StatusResolver(client, cache, pseudonymizer::pseudonym, riskCheck.get(),
                Duration.ofMillis(health.budgetMs()), health.strategy(), Clock.systemUTC());
    }

    /** Asks the service the breaker's probe, past the breaker (see {@link CircuitBreakingVerifyClient#warmUp}). */
    VerifyOutcome warmUpConnection(String terminal, String venue, String entrance, Duration timeout) {
        return client.warmUp(client.probeRequest(terminal, venue, entrance), timeout);
    }

    @Override
    public void stop() throws Exception {
        resolver.close();
        try {
            cache.close();
        } finally {
            client.close();
        }
    }
}
