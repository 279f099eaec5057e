package org.onedoor.drivers.testing;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Two linked pseudo-terminals made by socat, standing in for a scanner on a serial line:
 * the code under test opens {@link #devicePath()}, the test writes what the scanner "sends" with
 * {@link #write(byte[])}. Both paths are symlinks, like {@code /dev/serial/by-id/…}, so
 * {@link #kill()} and {@link #restart()} model unplugging and replugging the scanner.
 */
public final class PtyPair implements ScannerFeed {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(5);
    private static final long STOP_TIMEOUT_MS = 5000;

    private final Path devicePath;
    private final Path feederPath;
    private final Path logFile;
    private Process socat;
    private FileOutputStream feeder;
    private FileInputStream feederInput;

    private PtyPair(Path dir) {
        this.devicePath = dir.resolve("scanner");
        this.feederPath = dir.resolve("feeder");
        this.logFile = dir.resolve("socat.log");
    }

    /** Starts socat with its links in {@code dir} and waits until both exist. */
    public static PtyPair open(Path dir) throws IOException {
        PtyPair pair = new PtyPair(dir);
        pair.launch();
        return pair;
    }

    @Override
    public Path devicePath() {
        return devicePath;
    }

    /** The side the test writes to. */
    public Path feederPath() {
        return feederPath;
    }

    @Override
    public synchronized void write(byte[] data) throws IOException {
        if (feeder == null) {
            feeder = new FileOutputStream(feederPath.toFile());
        }
        feeder.write(data);
        feeder.flush();
    }

    /** What the code under test wrote to the port, as the scanner module receives it. */
    public synchronized InputStream feederInput() throws IOException {
        if (feederInput == null) {
            feederInput = new FileInputStream(feederPath.toFile());
        }
        return feederInput;
    }

    /** Unplugs: socat exits, both ends hang up and the links disappear. */
    public synchronized void kill() throws IOException {
        closeFeeder();
        if (socat != null) {
            socat.destroy();
            try {
                if (!socat.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    socat.destroyForcibly().waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping socat", e);
            }
            socat = null;
        }
        // socat removes its links on SIGTERM but not when killed; a stale link could point at a
        // pty number the kernel hands out again.
        Files.deleteIfExists(devicePath);
        Files.deleteIfExists(feederPath);
    }

    /** Replugs: a fresh pair of pseudo-terminals under the same links. */
    public synchronized void restart() throws IOException {
        kill();
        launch();
    }

    public boolean isAlive() {
        Process p = socat;
        return p != null && p.isAlive();
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void launch() throws IOException {
        socat = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + devicePath,
                "pty,raw,echo=0,link=" + feederPath)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        Process started = socat;
        try {
            Await.until("socat links " + devicePath + " and " + feederPath, START_TIMEOUT,
                    () -> !started.isAlive() || Files.exists(devicePath) && Files.exists(feederPath));
        } catch (AssertionError e) {
            kill();
            throw new IOException(e.getMessage() + "; socat log: " + readLog(), e);
        }
        if (!started.isAlive()) {
            throw new IOException("socat exited with " + started.exitValue() + ": " + readLog());
        }
    }

    private String readLog() {
        try {
            return Files.readString(logFile);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private void closeFeeder() throws IOException {
        if (feeder != null) {
            feeder.close();
            feeder = null;
        }
        if (feederInput != null) {
            feederInput.close();
            feederInput = null;
        }
    }
}
