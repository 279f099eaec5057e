package org.onedoor.terminal.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.onedoor.terminal.demo.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The gate on simulated hardware, nothing to install. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Show the gate at work on simulated hardware with a stand-in health service.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--pause-ms", defaultValue = "1200", description = "Pause between people (default ${DEFAULT-VALUE}).")
    long pauseMs;

    @Option(names = "--dir", description = "Keep the demo's files here (default: a new temporary folder).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("onedoor-demo");
        System.out.println("OneDoor demo — files in " + work);
        System.out.println("Lane east (entry): relay pin 17 (active-low), LEDs green 22, red 27, amber 23.");
        System.out.println("Lane east-exit (exit): relay pin 5, LEDs green 6, red 13.");
        new Demo(System.out, Duration.ofMillis(pauseMs)).run(work);
        System.out.println("\nThe ledger is " + work.resolve("data/ledger.db") + " (SQLite).");
        return 0;
    }
}
