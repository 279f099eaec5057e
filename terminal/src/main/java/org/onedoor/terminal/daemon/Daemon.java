package org.onedoor.terminal.daemon;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.onedoor.drivers.gpio.GpioUnavailableException;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.terminal.config.ConfigException;
import org.onedoor.terminal.config.ConfigLoader;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.decision.DecisionPolicy;
import org.onedoor.terminal.decision.TerminalMode;
import org.onedoor.terminal.event.ClockWatcher;
import org.onedoor.terminal.event.SystemClockSync;
import org.onedoor.terminal.freshness.FreshnessMonitor;
import org.onedoor.terminal.homeassistant.DiscoveryConfigs;
import org.onedoor.terminal.homeassistant.DiscoveryPublisher;
import org.onedoor.terminal.lane.LanePipeline;
import org.onedoor.terminal.ledger.Checkpointer;
import org.onedoor.terminal.ledger.Ledger;
import org.onedoor.terminal.ledger.LedgerSettings;
import org.onedoor.terminal.lifecycle.Part;
import org.onedoor.terminal.lifecycle.Service;
import org.onedoor.terminal.lifecycle.ServiceStartException;
import org.onedoor.terminal.lifecycle.Services;
import org.onedoor.terminal.maintenance.Maintenance;
import org.onedoor.terminal.mqtt.DirectPublisher;
import org.onedoor.terminal.mqtt.OversizeAlerts;
import org.onedoor.terminal.mqtt.PublisherService;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.recognition.CodeRecognizer;
import org.onedoor.terminal.report.Heartbeat;
import org.onedoor.terminal.report.TerminalState;
import org.onedoor.terminal.report.TerminalStates;
import org.onedoor.terminal.risklist.RiskListFeed;
import org.onedoor.terminal.voice.VoiceService;
import org.onedoor.terminal.status.RiskCheck;
import org.tinylog.Logger;

/**
 * The running terminal: builds its services from the configuration and starts them in the order of
 * docs/architecture.md, the scanners and ID-card readers last, and stops them in reverse, so no frame is read
 * before the path that handles it exists. Secrets are read before anything starts.
 */
public final class Daemon implements AutoCloseable {
    private final Services services = new Services();
    private final long startedNanos = System.nanoTime();
    private final BooleanSupplier clockSync;
    private final TerminalMode mode;
    /** The configuration running; replaced by a reload, under this object's lock. */
    private volatile TerminalConfig config;
    private Part<Ledger> ledger;
    private StatusService status;
    private Optional<RiskListFeed> riskList = Optional.empty();
    private Optional<TrustListService> trustList = Optional.empty();
    private FreshnessMonitor freshness;
    private Outputs outputs;
    private LanesService lanes;
    /** The publisher, or {@link DirectPublisher#NONE} when this terminal does not publish. */
    private DirectPublisher direct;
    private Heartbeat heartbeat;
    /** The county's approval of this terminal, with {@code [venue]} configured (docs/county.md). */
    private Optional<EnrollmentService> enrollment = Optional.empty();

    private Daemon(TerminalConfig config, BooleanSupplier clockSync) {
        this.config = config;
        this.clockSync = clockSync;
        this.mode = new TerminalMode(config.terminal().mode());
    }

    /**
     * @param publish false keeps events in the outbox for someone else to drain (the demo prints them)
     */
    public static Daemon start(TerminalConfig config, Drivers drivers, boolean publish) throws StartupException {
        return start(config, drivers, publish, SystemClockSync.timesyncd());
    }

    /** @param clockSync whether the system clock is synchronised (timesyncd's marker on a Pi) */
    public static Daemon start(TerminalConfig config, Drivers drivers, boolean publish, BooleanSupplier clockSync)
            throws StartupException {
        Daemon d = new Daemon(config, clockSync);
        d.build(drivers, publish);
        try {
            d.services.start();
        } catch (ServiceStartException e) {
            if (e.getCause() instanceof GpioUnavailableException absent) {
                throw absent; // onedoor run reports missing GPIO hardware as a configuration error, in its words
            }
            throw StartupException.inPart(e.service(), e.getCause());
        }
        Logger.info("terminal {} started: {} lane(s), boot {}", config.terminal().id(), config.lanes().size(),
                d.ledger().boot());
        return d;
    }

    /** The services in start order; each refers only to those before it. */
    private void build(Drivers drivers, boolean publish) throws StartupException {
        Pseudonymizer pseudonymizer = Secrets.keyFile("privacy.key_file", config.privacy().keyFile());
        QuietLedger events = new QuietLedger(this::ledger);
        enrollment = EnrollmentService.of(config, events);
        enrollment.ifPresent(approved -> config = approved.config());
        OversizeAlerts oversize = new OversizeAlerts(events);
        var t = config.terminal();
        PublisherService publisher = publish ? new PublisherService(BrokerSettings.from(config), this::ledger) : null;
        direct = publish ? publisher : DirectPublisher.NONE;
        heartbeat = new Heartbeat(this::state, direct, t.id(), t.venue(), config.mqtt().statusInterval());
        enrollment.ifPresent(e -> heartbeat.alsoReport(e::heartbeatFields));
        Optional<SmsService> sms = config.sms().map(cfg -> new SmsService(cfg, config.terminal().zone(), events));
        ledger = services.add(Part.of("ledger", () -> openLedger(sms)));
        services.add(new Checkpointer(this::ledger));
        enrollment.ifPresent(services::add);
        sms.ifPresent(services::add);
        if (config.riskList().isPresent()) {
            var cfg = config.riskList().get();
            riskList = Optional.of(services.add(new RiskListFeed(new RiskListFeed.Settings(t.dataDir().resolve(
                    "risklist"), cfg.publicKey(), t.county(), cfg.maxEntries(),
                    Secrets.keyFile("risklist.key_file", cfg.keyFile()), cfg.keyEpoch()), events, oversize,
                    Clock.systemUTC())));
        }
        status = services.add(new StatusService(config, pseudonymizer,
                () -> riskList.map(RiskListFeed::riskCheck).orElse(RiskCheck.NONE), events));
        trustList = config.signed().map(signed -> services.add(new TrustListService(signed, config.terminal().zone(),
                status::resolver)));
        freshness = new FreshnessMonitor(() -> status.resolver().lastServiceSuccess(),
                riskList.map(feed -> feed::issuedAt), config.health().staleAfter(),
                config.riskList().map(TerminalConfig.RiskList::staleAfter).orElse(Duration.ZERO),
                () -> trustList.map(TrustListService::stale).orElse(false), Clock.systemUTC());
        outputs = services.add(new Outputs(drivers, config.lanes()));
        lanes = services.add(new LanesService(config, drivers, () -> shared(pseudonymizer), outputs));
        if (config.voice().enabled()) {
            services.add(new VoiceService(config.voice().settings(config.gpio().traceFile()), lanes::pipelines, events));
        }
        services.add(new ModeService(mode, outputs::actuators, events));
        services.add(new InputsService(config, outputs, lanes::pipelines, mode, events));
        services.add(new Maintenance(() -> new Maintenance.Watched(ledger(), events, freshness,
                () -> status.resolver().breakerOpen(), () -> trustList.flatMap(TrustListService::issuedAt),
                stale -> outputs.actuators().forEach(a -> a.staleData(stale)), t.dataDir(),
                ClockWatcher.system(clockSync), () -> riskList.ifPresent(RiskListFeed::flushAlerts))));
        if (publish) {
            addPublisher(publisher, oversize, events);
        }
        services.add(new WarmUpService(config, lanes::pipelines, status));
        for (int i = 0; i < config.lanes().size(); i++) {
            services.add(lanes.scanner(i));
            lanes.idCardReader(i).ifPresent(services::add);
        }
    }

    /** Commands before the publisher, so their handler exists at the first connect; the heartbeat after it. */
    private void addPublisher(PublisherService publisher, OversizeAlerts oversize, QuietLedger events) {
        riskList.ifPresent(feed -> publisher.subscribe(() -> feed.subscriptions(config.mqtt().topicRoot())));
        enrollment.ifPresent(e -> publisher.subscribe(e::subscriptions)
                .whenStarted(p -> p.onConnect(() -> e.onConnect(p))));
        if (config.mqtt().commandPublicKey().isPresent()) {
            var commands = services.add(new CommandsService(config, clockSync, this, publisher, oversize,
                    events));
            publisher.subscribe(commands::subscriptions);
        }
        if (config.mqtt().haDiscovery()) {
            var discovery = DiscoveryConfigs.of(BrokerSettings.homeAssistantIdentity(config));
            publisher.whenStarted(p -> p.onConnect(new DiscoveryPublisher(p, discovery)));
        }
        publisher.whenStarted(p -> p.onConnect(heartbeat::publishState));
        services.add(publisher);
        services.add(heartbeat);
    }

    public Ledger ledger() {
        return ledger.get();
    }

    public List<LanePipeline> lanes() {
        return lanes.pipelines();
    }

    public List<Scanner> scanners() {
        return lanes.scanners();
    }

    public TerminalMode mode() {
        return mode;
    }

    /** Everything the heartbeat reports: identity, mode, lanes, outbox, knowledge and its age, counts, latency. */
    public TerminalState state() {
        return TerminalStates.of(new TerminalStates.Sources(startedNanos, clockSync, mode, lanes.pipelines(),
                lanes.scanners(), ledger(), direct::isConnected, freshness, status.resolver(),
                riskList.map(feed -> feed::state)));
    }

    /** Publishes the heartbeat now; the {@code status} command asks for this too. */
    public void publishHeartbeat() {
        heartbeat.publishHeartbeat();
    }

    /** What the systemd watchdog asks before each ping, from every started service; each answers at once. */
    public Map<String, BooleanSupplier> liveness() {
        return services.liveness();
    }

    /**
     * What a reload did: the configuration file is read and checked again; each service applies what it can (the
     * mode, at once), and every other section that changed is named as needing a restart. A broken file changes
     * nothing.
     */
    public record ReloadReport(boolean valid, List<String> problems, List<String> applied, List<String> restartNeeded) {
    }

    /** Reads the configuration file again (SIGHUP, the {@code reload} command). Never throws, never exits. */
    public synchronized ReloadReport reload() {
        TerminalConfig next;
        try {
            next = ConfigLoader.load(config.source());
        } catch (ConfigException e) {
            e.problems().forEach(p -> Logger.error("reload refused, the running configuration stays: {}", p));
            return new ReloadReport(false, e.problems(), List.of(), List.of());
        }
        List<String> applied = new ArrayList<>();
        for (Service service : services.list()) {
            if (service instanceof Reloadable reloadable) {
                applied.addAll(reloadable.apply(config, next));
            }
        }
        List<String> restart = ConfigDifferences.restartNeeded(config, next);
        Logger.info("reload: applied {}; needing a restart: {}", applied, restart);
        config = config.withMode(next.terminal().mode());
        return new ReloadReport(true, List.of(), applied, restart);
    }

    /** Stops every started service, last started first. */
    @Override
    public void close() {
        services.stop();
    }

    private LanePipeline.Shared shared(Pseudonymizer pseudonymizer) {
        var t = config.terminal();
        return new LanePipeline.Shared(t.id(), t.venue(), new CodeRecognizer(config.profiles()), pseudonymizer,
                status.resolver(), new DecisionPolicy(config.decision().lenientMaxAge()), mode, freshness,
                trustList.map(TrustListService::codes), ledger(), config.ledger().onWriteFailure(),
                Clock.system(t.zone()));
    }

    /** Every recorded event reaches the heartbeat's open alerts, and each alert the SMS notifier's queue. */
    private Ledger openLedger(Optional<SmsService> sms) throws Exception {
        var t = config.terminal();
        var settings = config.ledger();
        Ledger opened = Ledger.open(t.dataDir(), new LedgerSettings(settings.durability(),
                        Duration.ofDays(settings.retentionDays()), settings.maxSizeMb()), Clock.systemUTC(), clockSync,
                enrollment.map(EnrollmentService::eventFields).orElse(Map.of("terminal", t.id(), "venue", t.venue())));
        opened.onAppended((event, recorded) -> {
            heartbeat.observe(event, recorded);
            sms.ifPresent(texts -> texts.offer(event, recorded));
        });
        opened.recovered().ifPresent(r -> new QuietLedger(() -> opened).storeDamaged(r.damaged(), r.alert()));
        return opened;
    }
}
