package org.onedoor.terminal.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.onedoor.drivers.gpio.DigitalLine;
import org.onedoor.drivers.gpio.GpioBackend;
import org.onedoor.drivers.gpio.Lamp;
import org.onedoor.drivers.gpio.LedPanel;
import org.onedoor.drivers.gpio.LineRelay;
import org.onedoor.drivers.gpio.Relay;
import org.onedoor.drivers.serial.Scanner;
import org.onedoor.terminal.actuation.LaneActuator;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.config.TerminalConfig.Lane;
import org.onedoor.terminal.inputs.AlarmContact;
import org.onedoor.terminal.inputs.GuardButton;
import org.onedoor.terminal.inputs.PassageSensor;
import org.onedoor.terminal.inputs.RelayHold;
import org.onedoor.terminal.decision.DecisionPolicy;
import org.onedoor.terminal.decision.DuplicateWindow;
import org.onedoor.terminal.decision.TerminalMode;
import org.onedoor.terminal.config.TerminalConfig.Mode;
import org.onedoor.terminal.event.Freshness;
import org.onedoor.terminal.freshness.FreshnessMonitor;
import org.onedoor.terminal.homeassistant.DiscoveryConfigs;
import org.onedoor.terminal.homeassistant.DiscoveryPublisher;
import org.onedoor.terminal.freshness.FreshnessMonitor.Staleness;
import org.onedoor.terminal.status.RiskCheck;
import org.onedoor.terminal.event.SystemClockSync;
import org.onedoor.terminal.lane.LanePipeline;
import org.onedoor.terminal.event.ClockWatcher;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.ledger.Ledger;
import org.onedoor.terminal.ledger.LedgerException;
import org.onedoor.terminal.ledger.LedgerSettings;
import org.onedoor.terminal.ledger.Purge;
import org.onedoor.terminal.mqtt.MqttSettings;
import org.onedoor.terminal.mqtt.OutboxPublisher;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.recognition.CodeRecognizer;
import org.onedoor.terminal.status.HttpVerifyClient;
import org.onedoor.terminal.status.StatusCache;
import org.onedoor.terminal.status.StatusResolver;
import org.onedoor.terminal.tls.PemTls;
import org.onedoor.drivers.modem.ModemTimeouts;
import org.onedoor.drivers.modem.SerialSmsModem;
import org.onedoor.drivers.serial.JsscSerialPortOpener;
import org.onedoor.terminal.sms.AlertNotice;
import org.onedoor.terminal.sms.SmsNotifier;
import org.onedoor.terminal.sms.SmsSettings;
import org.onedoor.terminal.command.CommandVerifier;
import org.onedoor.terminal.command.SeenIds;
import org.onedoor.terminal.command.Target;
import org.onedoor.terminal.config.ConfigException;
import org.onedoor.terminal.config.ConfigLoader;
import java.nio.file.Path;
import org.onedoor.terminal.mqtt.Subscription;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.risklist.Applied;
import org.onedoor.terminal.risklist.Kind;
import org.onedoor.terminal.risklist.RiskList;
import org.onedoor.terminal.risklist.RiskListState;
import org.onedoor.terminal.status.CircuitBreakingVerifyClient;
import org.onedoor.terminal.status.VerifyClient;
import org.onedoor.terminal.signed.DccPolicy;
import org.onedoor.terminal.signed.SignedCodes;
import org.onedoor.terminal.signed.TrustListException;
import org.onedoor.terminal.signed.TrustListWatcher;
import org.onedoor.terminal.report.ActiveAlerts;
import org.onedoor.terminal.report.StatusPayloads;
import java.time.Instant;
import org.onedoor.terminal.cli.Main;
import org.onedoor.terminal.lane.LatencyWindow;
import java.util.function.BooleanSupplier;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.tinylog.Logger;

/**
 * The running terminal. Starts its parts in dependency order — secrets, ledger, status, outputs
 * (driven safe first), lanes, publisher, and only then the scanners that feed them — and stops them
 * in reverse, so no frame is read before the path that handles it exists.
 */
public final class Daemon implements AutoCloseable {
    /** A turnstile held open longer than this is a fault, whatever asked for it. */
    static final int MAX_RELAY_ON_MS = 10_000;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<LanePipeline> lanes = new ArrayList<>();
    private final List<Scanner> scanners = new ArrayList<>();
    private final List<LaneActuator> actuators = new ArrayList<>();
    private final List<Relay> relays = new ArrayList<>();
    private Ledger ledger;
    private OutboxPublisher publisher;
    private final long startedNanos = System.nanoTime();
    private volatile long lastMaintenanceNanos = System.nanoTime();
    private final BooleanSupplier clockSync;
    private TerminalMode mode;
    private FreshnessMonitor freshness;
    private StatusResolver resolver;
    private Optional<SignedCodes> signedCodes = Optional.empty();
    private Optional<RiskList> riskList = Optional.empty();
    private TerminalConfig config;
    private final ActiveAlerts activeAlerts = new ActiveAlerts();
    /** The maintenance loop retries a failing card every 2 s; the journal hears of it once a minute. */
    private final RepeatLimiter repeats = new RepeatLimiter();
    /** Owned by the maintenance thread. */
    private boolean shownBreakerOpen;
    private boolean shownDiskLow;
    /** Owned by the maintenance thread: the staleness last shown and alerted. */
    private Staleness shownStaleness = Staleness.NONE;

    private Daemon(BooleanSupplier clockSync) {
        this.clockSync = clockSync;
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
        Daemon d = new Daemon(clockSync);
        try {
            d.startParts(config, drivers, publish);
            return d;
        } catch (StartupException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    public Ledger ledger() {
        return ledger;
    }

    public List<LanePipeline> lanes() {
        return List.copyOf(lanes);
    }

    public List<Scanner> scanners() {
        return List.copyOf(scanners);
    }

    /** Everything the heartbeat reports: identity, mode, lanes, outbox, knowledge and its age, counts, latency. */
    public TerminalState state() {
        List<LaneState> laneStates = new ArrayList<>();
        Map<String, Long> outcomes = new java.util.TreeMap<>();
        List<long[]> samples = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            LanePipeline lane = lanes.get(i);
            laneStates.add(new LaneState(lane.name(), lane.direction(), scanners.get(i).health(),
                    lane.counters().noise(), lane.counters().duplicates(), lane.counters().outcomes()));
            lane.counters().outcomes().forEach((k, v) -> outcomes.merge(k, v, Long::sum));
            samples.add(lane.counters().latencies().samples());
        }
        long oldest = ledger.oldestPendingEpochMs();
        return new TerminalState(Main.version(), ledger.boot(), (System.nanoTime() - startedNanos) / 1_000_000,
                clockSync.getAsBoolean(), mode.current().wireName(), laneStates, ledger.depth(),
                oldest == 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest), ledger.unrecorded(),
                publisher != null && publisher.isConnected(), freshness.now(), freshness.staleness(),
                resolver.cacheSize(), resolver.breakerOpen(), riskList.map(list -> summary(list.state())), outcomes,
                LatencyWindow.percentiles(samples.stream().flatMapToLong(java.util.Arrays::stream).toArray()));
    }

    /**
     * What a reload did: the configuration file is read and checked again; the mode is applied at once, and
     * every other section that changed is named as needing a restart. A broken file changes nothing.
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
        if (next.terminal().mode() != config.terminal().mode()) {
            mode.set(next.terminal().mode());
            applied.add("terminal.mode");
        }
        List<String> restart = ConfigDifferences.restartNeeded(config, next);
        Logger.info("reload: applied {}; needing a restart: {}", applied, restart);
        config = config.withMode(next.terminal().mode());
        return new ReloadReport(true, List.of(), applied, restart);
    }

    private static TerminalState.RiskListSummary summary(RiskListState state) {
        return new TerminalState.RiskListSummary(state.version(), state.entries(), state.gap());
    }

    /**
     * What the systemd watchdog asks before each ping: every lane not stuck in a decision, the maintenance
     * thread still turning, the publisher thread alive. Each answers at once.
     */
    public Map<String, BooleanSupplier> liveness() {
        Map<String, BooleanSupplier> checks = new java.util.LinkedHashMap<>();
        for (LanePipeline lane : lanes) {
            checks.put("lane " + lane.name(), () -> lane.notStuck(Duration.ofSeconds(10)));
        }
        checks.put("maintenance", () -> System.nanoTime() - lastMaintenanceNanos < Duration.ofSeconds(30).toNanos());
        if (publisher != null) {
            checks.put("publisher", publisher::isRunning);
        }
        return checks;
    }

    public TerminalMode mode() {
        return mode;
    }

    private void startParts(TerminalConfig config, Drivers drivers, boolean publish) throws StartupException {
        this.config = config;
        Pseudonymizer pseudonymizer = pseudonymizer(config);
        ledger = own(openLedger(config, clockSync));
        Optional<SmsNotifier> sms = smsNotifier(config);
        ledger.onAppended((event, recorded) -> {
            if (activeAlerts.observe(event, recorded)) {
                publishActiveAlerts();
            }
            if (event instanceof Event.Alert alert && sms.isPresent()) {
                sms.get().offer(AlertNotice.of(alert, Instant.parse(recorded.ts())));
            }
        });
        riskList = openRiskList(config);
        resolver = own(statusResolver(config, pseudonymizer, riskCheck(config)));
        mode = new TerminalMode(config.terminal().mode());
        var health = config.health();
        signedCodes = signedCodes(config);
        freshness = new FreshnessMonitor(resolver::lastServiceSuccess,
                riskList.map(list -> this::riskListIssuedAt), health.staleAfter(),
                config.riskList().map(TerminalConfig.RiskList::staleAfter).orElse(Duration.ZERO), () -> signedCodes.map(codes -> codes.stale(Instant.now())).orElse(false),
                Clock.systemUTC());
        GpioBackend gpio = own(drivers.gpio());
        ScheduledExecutorService timers = timers();
        own((AutoCloseable) timers::shutdownNow); // after the actuators: they use it until they close
        var shared = new LanePipeline.Shared(config.terminal().id(), config.terminal().venue(),
                new CodeRecognizer(config.profiles()), pseudonymizer, resolver,
                new DecisionPolicy(config.decision().lenientMaxAge()), mode, freshness, signedCodes, ledger,
                config.ledger().onWriteFailure(), Clock.systemUTC());
        // A scanner holds nothing until started; it is owned from then on, so it stops before the rest.
        for (Lane lane : config.lanes()) {
            LaneActuator actuator = own(actuator(lane, gpio, timers));
            actuators.add(actuator);
            Scanner scanner = drivers.scanner(lane);
            scanners.add(scanner);
            lanes.add(new LanePipeline(lane, shared, actuator, new DuplicateWindow(config.decision().duplicateWindow()),
                    scanner));
        }
        enterMode(null, mode.current());
        mode.onChange(this::enterMode);
        startInputs(config, gpio, timers);
        startMaintenance(config);
        if (publish) {
            List<Subscription> subscriptions = new ArrayList<>(riskListSubscriptions(config));
            Optional<CommandVerifier> commands = commandVerifier(config);
            RemoteCommands[] handler = new RemoteCommands[1];
            commands.ifPresent(v -> subscriptions.add(new Subscription(mqttPrefix(config) + "/cmd/+",
                    (topic, payload, retained) -> handler[0].onMessage(topic, payload, retained))));
            publisher = own(OutboxPublisher.start(mqttSettings(config), ledger, subscriptions));
            commands.ifPresent(v -> handler[0] = new RemoteCommands(v, this, publisher, Clock.systemUTC()));
            if (config.mqtt().haDiscovery()) {
                publisher.onConnect(new DiscoveryPublisher(publisher, DiscoveryConfigs.of(homeAssistantIdentity(config))));
            }
            publisher.onConnect(this::publishState);
            startHeartbeat(config.mqtt().statusInterval());
        }
        for (int i = 0; i < lanes.size(); i++) {
            own(scanners.get(i)).start(lanes.get(i));
        }
        Logger.info("terminal {} started: {} lane(s), boot {}", config.terminal().id(), lanes.size(), ledger.boot());
    }

    /**
     * Each lane's guard button and passage sensor, then the terminal's alarm contacts, which raise at once if
     * already in alarm. After the lanes and the mode's own hold, which they act on; stopped before both.
     */
    private void startInputs(TerminalConfig config, GpioBackend gpio, ScheduledExecutorService timers)
            throws StartupException {
        InputLines lines = new InputLines(gpio, config.inputs().debounce());
        for (int i = 0; i < lanes.size(); i++) {
            LanePipeline lane = lanes.get(i);
            var inputs = config.lanes().get(i).inputs();
            if (inputs.button().isPresent()) {
                own(new GuardButton(lines.open(inputs.button().get(), lane.name() + " button"),
                        () -> lane.openBy("manual", "manual_open")));
            }
            if (inputs.passage().isPresent()) {
                own(new PassageSensor(lines.open(inputs.passage().get(), lane.name() + " passage"), lane::passage));
            }
        }
        var inputs = config.inputs();
        if (inputs.doorForced().isPresent()) {
            own(AlarmContact.doorForced(lines.open(inputs.doorForced().get(), "door forced"), this::appendQuietly));
        }
        if (inputs.fireAlarm().isPresent()) {
            // Renewed well within the relays' maximum on-time, so a late renewal never lets a gate drop.
            RelayHold hold = inputs.fireHoldsOpen()
                    ? new RelayHold(relays.stream().<Relay>map(r -> new ModeAwareRelay(r, mode)).toList(), timers,
                            Duration.ofMillis(MAX_RELAY_ON_MS / 4))
                    : RelayHold.none();
            own(AlarmContact.fireAlarm(lines.open(inputs.fireAlarm().get(), "fire alarm"), this::appendQuietly, hold));
        }
    }

    private static Pseudonymizer pseudonymizer(TerminalConfig config) throws StartupException {
        return keyFile("privacy.key_file", config.privacy().keyFile());
    }

    /** A secret key file, readable by its owner only (docs/privacy.md); anything else is a configuration error. */
    private static Pseudonymizer keyFile(String key, Path file) throws StartupException {
        requireSecret(key, file);
        try {
            return Pseudonymizer.fromKeyFile(file);
        } catch (IOException e) {
            throw new StartupException(key + ": " + e.getMessage(), true, e);
        }
    }

    private static void requireSecret(String key, Path file) throws StartupException {
        try {
            SecretFiles.requireOwnerOnly(file);
        } catch (IOException e) {
            throw new StartupException(key + ": " + e.getMessage(), true, e);
        }
    }

    private static Ledger openLedger(TerminalConfig config, BooleanSupplier clockSync) throws StartupException {
        try {
            var settings = config.ledger();
            return Ledger.open(config.terminal().dataDir(), new LedgerSettings(settings.durability(),
                            Duration.ofDays(settings.retentionDays()), settings.maxSizeMb()), Clock.systemUTC(),
                    clockSync,
                    Map.of("terminal", config.terminal().id(), "venue", config.terminal().venue()));
        } catch (LedgerException e) {
            throw new StartupException(e.getMessage(), false, e);
        }
    }

    private StatusResolver statusResolver(TerminalConfig config, Pseudonymizer pseudonymizer, RiskCheck riskCheck)
            throws StartupException {
        var health = config.health();
        HttpVerifyClient http;
        if (health.tokenFile().isPresent()) {
            requireSecret("health.token_file", health.tokenFile().get());
        }
        try {
            http = new HttpVerifyClient(health.url(), health.tokenFile(), health.caFile());
        } catch (IOException e) {
            throw new StartupException("health: " + e.getMessage(), true, e);
        }
        VerifyClient client = own(new CircuitBreakingVerifyClient(http, health.breakerFailures(),
                health.breakerProbe(), health.breakerProbeMax(), Clock.systemUTC()));
        try {
            StatusCache cache = own(new StatusCache(config.terminal().dataDir(), health.cacheTtl(),
                    health.cacheMaxEntries()));
            return new StatusResolver(client, cache, pseudonymizer::pseudonym, riskCheck,
                    Duration.ofMillis(health.budgetMs()), health.strategy(), Clock.systemUTC());
        } catch (IOException e) {
            throw new StartupException("cannot open the status cache: " + e.getMessage(), false, e);
        }
    }

    /**
     * Texts to the venue administrators, on the notifier's own thread; each outcome is recorded as an
     * {@code sms_*} alert. Stopped before the ledger, so its last outcomes are still written.
     */
    private Optional<SmsNotifier> smsNotifier(TerminalConfig config) {
        if (config.sms().isEmpty()) {
            return Optional.empty();
        }
        var cfg = config.sms().get();
        SmsSettings settings = new SmsSettings(cfg.numbers(), cfg.types(), cfg.maxPerHour(),
                cfg.attempts(), cfg.firstRetry(), cfg.queue(), config.terminal().zone());
        SmsNotifier notifier = own(new SmsNotifier(settings,
                new SerialSmsModem(cfg.port(), cfg.baud(), new JsscSerialPortOpener(), ModemTimeouts.DEFAULTS),
                outcome -> appendQuietly(outcome.toAlert())));
        notifier.start();
        return Optional.of(notifier);
    }

    /** Remote commands only with the county's command key configured; seen request ids live in the data dir. */
    private Optional<CommandVerifier> commandVerifier(TerminalConfig config) throws StartupException {
        if (config.mqtt().commandPublicKey().isEmpty()) {
            return Optional.empty();
        }
        var t = config.terminal();
        try {
            SeenIds seen = own(SeenIds.open(t.dataDir(), Clock.systemUTC()));
            return Optional.of(new CommandVerifier(config.mqtt().commandPublicKey().get(),
                    new Target(t.county(), t.venue(), t.id()), Clock.systemUTC(), clockSync, seen));
        } catch (java.sql.SQLException e) {
            throw new StartupException("cannot open the store of seen command ids (SQLite error " + e.getErrorCode()
                    + ")", false, e);
        }
    }

    private static DiscoveryConfigs.Identity homeAssistantIdentity(TerminalConfig config) {
        var t = config.terminal();
        return new DiscoveryConfigs.Identity(t.county(), t.venue(), t.id(), mqttPrefix(config), Main.version(),
                config.lanes().stream().map(Lane::name).toList());
    }

    private static String mqttPrefix(TerminalConfig config) {
        var t = config.terminal();
        return config.mqtt().topicRoot() + "/" + t.county() + "/" + t.venue() + "/" + t.id();
    }

    /** The county's list as it stands on this card, re-verified; empty without a {@code [risklist]} table. */
    private Optional<RiskList> openRiskList(TerminalConfig config) throws StartupException {
        if (config.riskList().isEmpty()) {
            return Optional.empty();
        }
        var cfg = config.riskList().get();
        try {
            RiskList list = RiskList.open(config.terminal().dataDir().resolve("risklist"), cfg.publicKey(),
                    config.terminal().county(), Clock.systemUTC(), cfg.maxEntries());
            RiskListState state = list.state();
            state.problem().ifPresent(p -> Logger.error("risk list: {}", p));
            Logger.info("risk list version {} (epoch {}, {} entries)", state.version(), state.epoch(), state.entries());
            return Optional.of(list);
        } catch (IOException e) {
            throw new StartupException("cannot open the risk list: " + e.getMessage(), false, e);
        }
    }

    /**
     * Looks a subject up under the county's risk key. A list of another epoch than the key's would miss
     * everyone silently, so it is not used at all, and shows as stale.
     */
    private RiskCheck riskCheck(TerminalConfig config) throws StartupException {
        if (riskList.isEmpty()) {
            return RiskCheck.NONE;
        }
        var cfg = config.riskList().get();
        Pseudonymizer riskKey = keyFile("risklist.key_file", cfg.keyFile());
        RiskList list = riskList.get();
        return subject -> list.listing(riskKey.pseudonym(subject), cfg.keyEpoch());
    }

    /** When the list in force was issued; empty while there is none of the risk key's epoch. */
    private Optional<Instant> riskListIssuedAt() {
        return riskList.orElseThrow().issuedAt(config.riskList().orElseThrow().keyEpoch());
    }

    /** Snapshots and deltas from the county's topics; what each did is logged and, when it matters, alerted. */
    private List<Subscription> riskListSubscriptions(TerminalConfig config) {
        if (riskList.isEmpty()) {
            return List.of();
        }
        List<Subscription> subscriptions = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            subscriptions.add(new Subscription(kind.topic(config.mqtt().topicRoot(), config.terminal().county()),
                    (topic, payload, retained) -> onRiskListMessage(kind, payload)));
        }
        return subscriptions;
    }

    private void onRiskListMessage(Kind kind, byte[] payload) {
        Applied applied = riskList.orElseThrow().offer(payload, kind);
        repeats.admit("risk list " + kind.wireName() + " " + applied.result()).ifPresent(held -> Logger.info(
                "risk list {} of {} bytes: {}{}", kind.wireName(), payload.length, applied, held));
        switch (applied.result()) {
            case APPLIED, REFRESHED, IGNORED -> { }
            case GAP -> appendQuietly(new Event.Alert(AlertType.RISKLIST_GAP, Severity.WARNING, null, null,
                    Map.of("version", riskList.get().state().version())));
            default -> appendQuietly(new Event.Alert(AlertType.RISKLIST_REFUSED, Severity.HIGH, null, null,
                    Map.of("kind", kind.wireName(), "result", applied.result().wireName())));
        }
    }

    /** The trust list is read and checked at start: an unusable one is a configuration error. */
    private Optional<SignedCodes> signedCodes(TerminalConfig config) throws StartupException {
        if (config.signed().isEmpty()) {
            return Optional.empty();
        }
        var signed = config.signed().get();
        try {
            TrustListWatcher watcher = own(new TrustListWatcher(signed.trustList(), signed.trustPublicKey()));
            watcher.start(signed.trustPoll());
            DccPolicy policy = new DccPolicy(signed.accept(), signed.testMaxAge(), signed.completeDosesOnly(),
                    signed.recoveryWithinValidity(), config.terminal().zone());
            return Optional.of(new SignedCodes(watcher, policy, signed.trustMaxAge(), Clock.systemUTC()));
        } catch (TrustListException e) {
            throw new StartupException("signed.trust_list: " + e.getMessage(), true, e);
        }
    }

    /**
     * Retention at start and every few hours; the clock-correction check every few seconds. On its
     * own thread: a purge of a large ledger must not delay a relay release.
     */
    private void startMaintenance(TerminalConfig config) {
        ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "maintenance");
            t.setDaemon(true);
            return t;
        });
        own((AutoCloseable) maintenance::shutdownNow);
        ClockWatcher clock = ClockWatcher.system(clockSync);
        maintenance.scheduleWithFixedDelay(() -> reportClockCorrection(clock), 0, 2, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(this::purge, 0, 6, TimeUnit.HOURS);
        maintenance.scheduleWithFixedDelay(this::flushAcknowledgements, 2, 2, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(this::showStaleness, 0, 2, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(this::watchServiceBreaker, 2, 2, TimeUnit.SECONDS);
        maintenance.scheduleWithFixedDelay(this::watchDiskSpace, 0, 60, TimeUnit.SECONDS);
    }

    private void startHeartbeat(Duration interval) {
        ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        own((AutoCloseable) heartbeat::shutdownNow);
        heartbeat.scheduleAtFixedRate(this::publishHeartbeat, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The retained state a dashboard reads first: published at every connect and whenever it changes. */
    private void publishState() {
        publishHeartbeat();
        publishActiveAlerts();
    }

    /** Publishes the heartbeat now; the {@code status} command asks for this too. */
    public void publishHeartbeat() {
        if (publisher == null) {
            return;
        }
        try {
            publisher.publishDirect("status", StatusPayloads.heartbeat(state(), config.terminal().id(),
                    config.terminal().venue(), Instant.now()), true);
        } catch (RuntimeException e) {
            repeats.admit("heartbeat").ifPresent(held -> Logger.error(e, "heartbeat not published{}", held));
        }
    }

    private void publishActiveAlerts() {
        if (publisher != null) {
            publisher.publishDirect("alert/active", StatusPayloads.activeAlerts(activeAlerts.snapshot(), Instant.now()),
                    true);
        }
    }

    /** {@code service_unreachable} when scans stop asking the service, {@code service_reachable} when it is back. */
    private void watchServiceBreaker() {
        boolean open = resolver.breakerOpen();
        if (open != shownBreakerOpen) {
            shownBreakerOpen = open;
            Logger.warn("health service {}", open ? "unreachable: scans stop asking it" : "reachable again");
            appendQuietly(new Event.Alert(open ? AlertType.SERVICE_UNREACHABLE : AlertType.SERVICE_REACHABLE,
                    open ? Severity.HIGH : Severity.INFO, null, null, Map.of()));
        }
    }

    /** {@code disk_low} below 5 % or 100 MB free where the ledger lives; {@code disk_ok} when there is room again. */
    private void watchDiskSpace() {
        try {
            var store = Files.getFileStore(config.terminal().dataDir());
            long free = store.getUsableSpace();
            boolean low = free < 100L * 1024 * 1024 || free < store.getTotalSpace() / 20;
            if (low != shownDiskLow) {
                shownDiskLow = low;
                appendQuietly(new Event.Alert(low ? AlertType.DISK_LOW : AlertType.DISK_OK, low ? Severity.HIGH : Severity.INFO, null, null,
                        Map.of("free_mb", free / (1024 * 1024))));
            }
        } catch (IOException e) {
            Logger.warn("cannot read free space of the data directory: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Holds every lane's gate open in {@code emergency-open} and lets go when leaving it; the county hears of
     * every mode other than strict at start and of every change.
     */
    private void enterMode(Mode previous, Mode current) {
        boolean hold = current == Mode.EMERGENCY_OPEN;
        if (previous == null ? hold : hold != (previous == Mode.EMERGENCY_OPEN)) {
            actuators.forEach(a -> a.holdOpen(hold));
        }
        if (previous == null && current == Mode.STRICT) {
            return;
        }
        Logger.warn("mode {}{}", current.wireName(), previous == null ? " at start" : " (was " + previous.wireName() + ")");
        Map<String, Object> detail = new java.util.LinkedHashMap<>();
        detail.put("mode", current.wireName());
        if (previous != null) {
            detail.put("previous", previous.wireName());
        }
        Severity severity = current == Mode.EMERGENCY_OPEN || current == Mode.LOCKDOWN ? Severity.HIGH : Severity.INFO;
        appendQuietly(new Event.Alert(AlertType.MODE_CHANGED, severity, null, null, detail));
    }

    /** The amber lamp and a {@code stale_data} alert when the service or the risk list is past its limit. */
    private void showStaleness() {
        lastMaintenanceNanos = System.nanoTime();
        Staleness now = freshness.staleness();
        if (now.equals(shownStaleness)) {
            return;
        }
        Freshness ages = freshness.now();
        alertStaleness("service", shownStaleness.service(), now.service(), ages.serviceAgeS());
        alertStaleness("risklist", shownStaleness.riskList(), now.riskList(), ages.riskListAgeS());
        alertStaleness("trustlist", shownStaleness.trustList(), now.trustList(),
                signedCodes.map(codes -> Duration.between(codes.trustIssuedAt(), Instant.now()).toSeconds()).orElse(null));
        if (now.any() != shownStaleness.any()) {
            actuators.forEach(a -> a.staleData(now.any()));
        }
        shownStaleness = now;
    }

    private void alertStaleness(String what, boolean was, boolean is, Long ageS) {
        if (was == is) {
            return;
        }
        Logger.warn("{} data {}", what, is ? "stale" : "fresh again");
        Map<String, Object> detail = new java.util.LinkedHashMap<>();
        detail.put("what", what);
        if (ageS != null) {
            detail.put("age_s", ageS);
        }
        appendQuietly(new Event.Alert(is ? AlertType.STALE_DATA : AlertType.STALE_DATA_CLEARED, is ? Severity.WARNING : Severity.INFO, null,
                null, detail));
    }

    private void appendQuietly(Event event) {
        try {
            ledger.append(event);
        } catch (LedgerException e) {
            repeats.admit("not recorded " + event.kind()).ifPresent(held -> Logger.error("{} not recorded: {}{}",
                    event.kind(), e.getMessage(), held));
        }
    }

    private void reportClockCorrection(ClockWatcher clock) {
        clock.check().ifPresent(correction -> {
            Logger.info("system clock synchronised; it was off by {} ms", correction);
            appendQuietly(new Event.ClockCorrection(correction));
        });
    }

    /** Acknowledgements wait in memory for the publisher's next write; when the gate is idle, this writes them. */
    private void flushAcknowledgements() {
        try {
            ledger.flush();
        } catch (LedgerException e) {
            repeats.admit("acknowledgements").ifPresent(held -> Logger.error("acknowledgements not written: {}{}",
                    e.getMessage(), held));
        }
    }

    private void purge() {
        try {
            Purge p = ledger.purgeExpired();
            if (p.blocked() > 0) {
                Logger.warn("retention: {} rows are past retention but not yet acknowledged by the broker; kept", p.blocked());
            }
            Logger.info("retention: {} published rows past retention deleted", p.deleted());
        } catch (LedgerException e) {
            Logger.error("retention purge failed: {}", e.getMessage());
        }
    }

    private static ScheduledExecutorService timers() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "actuation-timers");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
    }

    private LaneActuator actuator(Lane lane, GpioBackend gpio, ScheduledExecutorService timers) {
        var relayCfg = lane.relay();
        DigitalLine relayLine = gpio.output(relayCfg.pin(), lane.name() + " relay", relayCfg.activeLow());
        Relay relay = new LineRelay(relayLine, timers, MAX_RELAY_ON_MS);
        relays.add(relay);
        Map<Lamp, DigitalLine> lamps = new EnumMap<>(Lamp.class);
        var led = lane.led();
        addLamp(lamps, Lamp.GREEN, led.green(), lane, gpio, led.activeLow());
        addLamp(lamps, Lamp.RED, led.red(), lane, gpio, led.activeLow());
        addLamp(lamps, Lamp.AMBER, led.amber(), lane, gpio, led.activeLow());
        addLamp(lamps, Lamp.BUZZER, led.buzzer(), lane, gpio, led.activeLow());
        return new LaneActuator(relay, new LedPanel(lamps, timers), relayCfg.pulseMs());
    }

    private static void addLamp(Map<Lamp, DigitalLine> lamps, Lamp lamp, Optional<Integer> pin, Lane lane,
                                GpioBackend gpio, boolean activeLow) {
        pin.ifPresent(p -> lamps.put(lamp, gpio.output(p, lane.name() + " " + lamp.name().toLowerCase(), activeLow)));
    }

    private static MqttSettings mqttSettings(TerminalConfig config) throws StartupException {
        var mqtt = config.mqtt();
        var t = config.terminal();
        String prefix = mqttPrefix(config);
        MqttSettings settings = MqttSettings.of(pahoUri(mqtt.url()), "onedoor-" + t.county() + "-" + t.id(), prefix)
                .withInflightWindow(mqtt.inflightWindow()).withMaxMessagesPerSecond(mqtt.maxRate())
                .withKeepAliveS(mqtt.keepAliveS());
        if (mqtt.clientKeyFile().isPresent()) {
            requireSecret("mqtt.client_key_file", mqtt.clientKeyFile().get());
        }
        if (mqtt.caFile().isPresent() || mqtt.clientCertFile().isPresent()) {
            try {
                settings = settings.withTls(PemTls.context(mqtt.caFile(), mqtt.clientCertFile(), mqtt.clientKeyFile())
                        .getSocketFactory());
            } catch (IOException e) {
                throw new StartupException("mqtt: " + e.getMessage(), true, e);
            }
        }
        if (mqtt.username().isEmpty()) {
            return settings;
        }
        char[] password = new char[0];
        if (mqtt.passwordFile().isPresent()) {
            requireSecret("mqtt.password_file", mqtt.passwordFile().get());
            try {
                password = Files.readString(mqtt.passwordFile().get()).strip().toCharArray();
            } catch (IOException e) {
                throw new StartupException("mqtt.password_file: cannot read " + mqtt.passwordFile().get(), true, e);
            }
        }
        return settings.withCredentials(mqtt.username().get(), password);
    }

    /** Paho knows tcp:// and ssl:// only; the configuration also accepts the mqtt:// and mqtts:// spellings. */
    static String pahoUri(java.net.URI url) {
        String scheme = switch (url.getScheme()) {
            case "mqtt" -> "tcp";
            case "mqtts" -> "ssl";
            default -> url.getScheme();
        };
        return scheme + "://" + url.getHost() + ":" + url.getPort();
    }

    private <T extends AutoCloseable> T own(T part) {
        started.push(part);
        return part;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable part = started.pop();
            try {
                part.close();
            } catch (Exception e) {
                Logger.error("stopping {} failed: {}", part.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
