package org.onedoor.terminal.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.onedoor.drivers.gpio.GpioUnavailableException;
import org.onedoor.terminal.config.ConfigException;
import org.onedoor.terminal.config.ConfigLoader;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.daemon.ConfiguredDrivers;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.daemon.StartupException;
import org.onedoor.terminal.status.TlsWarmUp;
import java.io.IOException;
import org.onedoor.terminal.systemd.SafeLinesFile;
import org.onedoor.terminal.systemd.SystemdNotifier;
import org.onedoor.terminal.systemd.WatchdogLoop;
import org.tinylog.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the terminal until SIGTERM or SIGINT. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the gate terminal daemon.")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "The configuration file (TOML).")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        TlsWarmUp.begin();
        TerminalConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println("onedoor: the configuration is not valid; nothing was started:");
            e.problems().forEach(p -> System.err.println("  " + p));
            return Main.EXIT_CONFIG;
        }
        SystemdNotifier systemd = SystemdNotifier.fromEnvironment();
        writeSafeLines(cfg);
        Daemon daemon;
        try {
            daemon = Daemon.start(cfg, new ConfiguredDrivers(cfg.gpio()), true);
        } catch (StartupException e) {
            System.err.println("onedoor: cannot start" + e.part().map(part -> " " + part).orElse("") + ": "
                    + e.getMessage());
            return e.isConfiguration() ? Main.EXIT_CONFIG : 1;
        } catch (GpioUnavailableException e) {
            // Hardware that is not there is not fixed by a restart every 5 s: a configuration error.
            System.err.println("onedoor: cannot start: gpio: " + e.getMessage());
            return Main.EXIT_CONFIG;
        }
        // SIGHUP reloads: a broken new file is reported and the running configuration kept, never an exit.
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> daemon.reload());
        WatchdogLoop watchdog = new WatchdogLoop(systemd);
        daemon.liveness().forEach(watchdog::register);
        CountDownLatch stopped = new CountDownLatch(1);
        // Before READY: systemd may stop the service the moment it is ready, and a stop must find the
        // hook that drives the outputs safe and closes the ledger.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logger.info("stopping");
            systemd.stopping();
            watchdog.close();
            daemon.close();
            stopped.countDown();
        }, "shutdown"));
        exitCleanlyOnStopSignals();
        // READY once configuration, database and drivers are up; the broker may come later.
        systemd.ready();
        systemd.status("deciding; " + cfg.lanes().size() + " lane(s)");
        watchdog.start();
        stopped.await();
        return 0;
    }

    /**
     * systemd stops the service with SIGTERM. The JVM's own handler would run the same shutdown hook but
     * exit 143, which systemd counts as a failure; a stop asked for and carried out is a success. Before
     * this point (a stop during start) the JVM's handler still exits 143, which the unit accepts with
     * SuccessExitStatus=143.
     */
    static void exitCleanlyOnStopSignals() {
        for (String name : List.of("TERM", "INT")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
        }
    }

    /** For the unit's stop hook, which drives every output safe after a crash; outside systemd there is none. */
    private static void writeSafeLines(TerminalConfig cfg) {
        SafeLinesFile.defaultPath().ifPresent(path -> {
            try {
                SafeLinesFile.write(path, SafeLinesFile.linesOf(cfg));
            } catch (IOException e) {
                Logger.warn("safe-lines file not written: {}", e.getMessage());
            }
        });
    }
}
