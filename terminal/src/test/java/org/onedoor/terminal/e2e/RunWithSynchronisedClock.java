package org.onedoor.terminal.e2e;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.onedoor.terminal.config.ConfigLoader;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.daemon.ConfiguredDrivers;
import org.onedoor.terminal.daemon.Daemon;

/**
 * {@code onedoor run --config FILE} as far as the daemon goes — same configuration loader, drivers and daemon, stopped
 * by SIGTERM through a shutdown hook — except that the daemon is told the system clock is synchronised. A test
 * machine has no timesyncd marker, and without it every signed command is refused for the clock.
 */
final class RunWithSynchronisedClock {
    private RunWithSynchronisedClock() {
    }

    public static void main(String[] args) throws Exception {
        TerminalConfig config = ConfigLoader.load(Path.of(args[0]));
        Daemon daemon = Daemon.start(config, new ConfiguredDrivers(config.gpio()), true, () -> true);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
    }
}
