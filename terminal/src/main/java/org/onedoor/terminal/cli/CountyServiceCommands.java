package org.onedoor.terminal.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.onedoor.terminal.command.CommandKeys;
import org.onedoor.terminal.command.CommandSigner;
import org.onedoor.terminal.config.ConfigException;
import org.onedoor.terminal.county.CountyConfig;
import org.onedoor.terminal.county.ingest.Collector;
import org.onedoor.terminal.county.ingest.GapReplayer;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.county.store.Gap;
import org.onedoor.terminal.county.trace.TraceReport;
import org.onedoor.terminal.county.trace.Tracer;
import org.onedoor.terminal.systemd.SystemdNotifier;
import org.onedoor.terminal.tls.PemTls;
import org.onedoor.terminal.systemd.WatchdogLoop;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The county's services: the collector, its gaps and tracing (docs/county.md). */
final class CountyServiceCommands {
    private CountyServiceCommands() {
    }

    @Command(name = "collect", mixinStandardHelpOptions = true,
            description = "Store every event of the county's terminals, once each, and ask terminals to replay what is missing.")
    static final class Collect implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "county.toml")
        Path configFile;

        @Override
        public Integer call() throws Exception {
            CountyConfig config;
            CommandSigner signer = null;
            try {
                config = CountyConfig.load(configFile);
                if (config.commandKey().isPresent()) {
                    Path key = config.commandKey().get();
                    if (SecretKeyFiles.refused(key, spec.commandLine().getErr())) {
                        return Main.EXIT_CONFIG;
                    }
                    signer = new CommandSigner(CommandKeys.readPrivateKey(key), Clock.systemUTC());
                }
                config = withBroker(config, spec);
                if (config == null) {
                    return Main.EXIT_CONFIG;
                }
            } catch (ConfigException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return Main.EXIT_CONFIG;
            } catch (IOException e) {
                spec.commandLine().getErr().println("onedoor: " + e.getMessage());
                return Main.EXIT_CONFIG;
            }
            SystemdNotifier notifier = SystemdNotifier.fromEnvironment();
            EventStore store;
            Collector collector;
            try {
                store = EventStore.open(config.store());
                collector = new Collector(config.collector(), store, Clock.systemUTC());
                collector.start();
            } catch (SQLException | MqttException e) {
                // Not a configuration fault: the database or the broker may be back at the next start.
                spec.commandLine().getErr().println("onedoor: cannot start the collector: " + e.getMessage());
                return 1;
            }
            ScheduledExecutorService gaps = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "county-gaps"));
            if (signer != null) {
                GapReplayer replayer = new GapReplayer(store, signer, config.collector().topicRoot(), config.gapGrace(),
                        Clock.systemUTC());
                long period = Math.max(1, Math.min(10, config.gapGrace().toSeconds()));
                gaps.scheduleWithFixedDelay(() -> askForGaps(replayer, collector), period, period, TimeUnit.SECONDS);
            } else {
                Logger.warn("no [gaps] command_key: gaps are listed by `onedoor county gaps` but not replayed");
            }
            WatchdogLoop watchdog = new WatchdogLoop(notifier).register("county-writer", collector::alive);
            watchdog.start();
            notifier.ready();
            Logger.info("county collector running: store {}", describe(config.store()));
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                notifier.stopping();
                gaps.shutdownNow();
                watchdog.close();
                // Stores what it holds; what is not acknowledged the broker sends again to the next collector.
                collector.close();
                Logger.info("county collector stopped: {} events stored, {} messages refused", collector.stored(),
                        collector.refused());
                try {
                    store.close();
                } catch (SQLException e) {
                    Logger.warn("closing the store: {}", e.getMessage());
                }
                stopped.countDown();
            }, "county-stop"));
            RunCommand.exitCleanlyOnStopSignals();
            stopped.await();
            return 0;
        }

        /** The broker's password and TLS context, read now; null (after saying why) when a file is refused. */
        private static CountyConfig withBroker(CountyConfig config, CommandSpec spec) throws IOException {
            CountyConfig.Broker b = config.broker();
            Optional<char[]> password = Optional.empty();
            if (b.passwordFile().isPresent()) {
                if (SecretKeyFiles.refused(b.passwordFile().get(), spec.commandLine().getErr())) {
                    return null;
                }
                password = Optional.of(Files.readString(b.passwordFile().get(), StandardCharsets.UTF_8).strip().toCharArray());
            }
            if (b.clientKeyFile().isPresent() && SecretKeyFiles.refused(b.clientKeyFile().get(), spec.commandLine().getErr())) {
                return null;
            }
            Optional<javax.net.ssl.SSLSocketFactory> tls = Optional.empty();
            if (b.caFile().isPresent() || b.clientCertFile().isPresent()) {
                tls = Optional.of(PemTls.context(b.caFile(), b.clientCertFile(), b.clientKeyFile()).getSocketFactory());
            }
            return new CountyConfig(config.collector().withCredentials(b.username(), password, tls), config.store(),
                    config.gapGrace(), config.commandKey(), b);
        }

        private static void askForGaps(GapReplayer replayer, Collector collector) {
            try {
                replayer.askForGaps(collector.client());
            } catch (SQLException | RuntimeException e) {
                Logger.warn("gap check failed: {}", e.getMessage());
            }
        }
    }

    /** A store's location for the log: a PostgreSQL URL without its parameters (they may carry a password). */
    static String describe(String store) {
        int q = store.indexOf('?');
        return q < 0 ? store : store.substring(0, q);
    }

    @Command(name = "gaps", mixinStandardHelpOptions = true,
            description = "List the seq ranges the county's store is missing, per terminal.")
    static final class Gaps implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "county.toml")
        Path configFile;

        @Override
        public Integer call() throws Exception {
            CountyConfig config;
            try {
                config = CountyConfig.load(configFile);
            } catch (ConfigException e) {
                spec.commandLine().getErr().println(e.getMessage());
                return Main.EXIT_CONFIG;
            }
            PrintWriter out = spec.commandLine().getOut();
            try (EventStore store = EventStore.open(config.store())) {
                List<Gap> gaps = store.gaps(Long.MAX_VALUE);
                out.println("county  venue  terminal  boot  from_seq  to_seq  missing  since");
                for (Gap g : gaps) {
                    out.println(String.join("  ", g.county(), g.venue(), g.terminal(), Long.toString(g.boot()),
                            Long.toString(g.fromSeq()), Long.toString(g.toSeq()), Long.toString(g.size()),
                            Instant.ofEpochMilli(g.seenMs()).toString()));
                }
                out.println(gaps.size() + " open gaps");
            }
            return 0;
        }
    }

    @Command(name = "trace", mixinStandardHelpOptions = true,
            description = {"Find everyone who was at the same venue as a case, within a window around each of its visits.",
                "The case's subject is read from --subject-file or standard input, never from the command line."})
    static final class Trace implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = "county.toml, for its store")
        Path configFile;

        @Option(names = "--store", paramLabel = "PATH|URL", description = "The store, instead of --config: a SQLite file or a jdbc:postgresql: URL.")
        String storeLocation;

        @Option(names = "--master", required = true, paramLabel = "FILE", description = "The county's master key.")
        Path master;

        @Option(names = "--county", required = true, description = "The 6-digit county code.")
        String county;

        @Option(names = "--subject-file", paramLabel = "FILE", description = "The case's subject (one line); default: standard input.")
        Path subjectFile;

        @Option(names = "--from", required = true, description = "Start of the period, ISO-8601 UTC (2026-11-21T00:00:00Z).")
        String from;

        @Option(names = "--to", required = true, description = "End of the period, ISO-8601 UTC.")
        String to;

        @Option(names = "--window", defaultValue = "30", paramLabel = "MINUTES", description = "Minutes either side of a visit (default ${DEFAULT-VALUE}).")
        int windowMinutes;

        @Option(names = "--depth", defaultValue = "1", description = "1: contacts; 2: also their contacts (default ${DEFAULT-VALUE}).")
        int depth;

        @Option(names = "--subjects", paramLabel = "FILE", description = "A register, one subject a line, to resolve co-visitors' pseudonyms.")
        Path subjectsFile;

        @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default ${DEFAULT-VALUE}).")
        String format;

        @Option(names = "--out", paramLabel = "FILE", description = "Write to this new file (mode 0600) instead of standard output.")
        Path out;

        @Override
        public Integer call() throws Exception {
            var err = spec.commandLine().getErr();
            TraceReport.Format fmt;
            long fromMs;
            long toMs;
            try {
                fmt = TraceReport.Format.valueOf(format.toUpperCase(java.util.Locale.ROOT));
                fromMs = Instant.parse(from).toEpochMilli();
                toMs = Instant.parse(to).toEpochMilli();
            } catch (IllegalArgumentException | DateTimeParseException e) {
                err.println("onedoor: --format is table, csv or json and --from/--to are ISO-8601 UTC times");
                return 2;
            }
            if (depth < 1 || depth > 2 || windowMinutes < 1 || toMs < fromMs || (configFile == null) == (storeLocation == null)) {
                err.println("onedoor: --depth is 1 or 2, --window at least 1, --to after --from, and one of --config or --store");
                return 2;
            }
            String store = storeLocation;
            try {
                if (store == null) {
                    store = CountyConfig.load(configFile).store();
                }
            } catch (ConfigException e) {
                err.println(e.getMessage());
                return Main.EXIT_CONFIG;
            }
            byte[] masterKey;
            String subject;
            List<String> subjects;
            try {
                masterKey = CountyCommand.readMasterKey(master);
                subject = readSubject();
                subjects = subjectsFile == null ? List.of() : readSubjects(subjectsFile);
            } catch (IOException | IllegalArgumentException e) {
                err.println("onedoor: " + e.getMessage());
                return 1;
            }
            Tracer.Result result;
            try (EventStore s = EventStore.open(store)) {
                result = new Tracer(s, masterKey, county).trace(subject, fromMs, toMs, Duration.ofMinutes(windowMinutes),
                        depth, subjects);
            }
            if (out == null) {
                TraceReport.write(result, fmt, spec.commandLine().getOut());
            } else {
                try (PrintWriter w = ownerOnly(out)) {
                    TraceReport.write(result, fmt, w);
                }
                spec.commandLine().getOut().println("wrote " + out);
            }
            if (subjectsFile != null) {
                err.println(result.resolved() + " of " + result.distinctCoVisitors() + " co-visitor pseudonyms resolved");
            }
            return 0;
        }

        private String readSubject() throws IOException {
            List<String> lines = subjectFile == null
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList()
                    : Files.readAllLines(subjectFile, StandardCharsets.UTF_8);
            List<String> subjects = lines.stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
            if (subjects.size() != 1) {
                throw new IllegalArgumentException("the case's subject is one non-empty line; found " + subjects.size());
            }
            return subjects.get(0);
        }

        private static List<String> readSubjects(Path file) throws IOException {
            List<String> subjects = new ArrayList<>();
            try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                lines.map(String::strip).filter(l -> !l.isEmpty()).forEach(subjects::add);
            }
            return subjects;
        }

        /** A new file, readable by its owner only from the moment it exists: it may name people. */
        private static PrintWriter ownerOnly(Path file) throws IOException {
            FileChannel channel = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return new PrintWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8));
        }
    }
}
