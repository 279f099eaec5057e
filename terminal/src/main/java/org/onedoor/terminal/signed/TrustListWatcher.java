package org.onedoor.terminal.signed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Keeps the signed trust list current without a restart: every few seconds it compares the file's
 * modification time, size and identity with the last look, and on a change reads, verifies and
 * swaps the list in one step. A new file that fails (unsigned, badly signed, unreadable, or older
 * than the list in use) leaves the current list in place and is reported.
 */
public final class TrustListWatcher implements Supplier<TrustList>, AutoCloseable {
    /** How a {@link #poll()} ended. */
    public enum Outcome { UNCHANGED, RELOADED, REFUSED }

    private final Path file;
    private final PublicKey issuer;
    private volatile TrustList current;
    private volatile String lastRefusal;
    private Object lastSeen;
    private ScheduledExecutorService timer;

    /** Loads the file once; a list that cannot be used now is a configuration error. */
    public TrustListWatcher(Path file, PublicKey issuer) throws TrustListException {
        this.file = Objects.requireNonNull(file);
        this.issuer = Objects.requireNonNull(issuer);
        this.lastSeen = stamp();
        this.current = TrustListFile.read(file, issuer);
    }

    /** Polls every {@code every} on a daemon thread until {@link #close()}. */
    public synchronized void start(Duration every) {
        if (timer != null) {
            throw new IllegalStateException("already started");
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trust-list-watcher");
            t.setDaemon(true);
            return t;
        });
        long ms = every.toMillis();
        timer.scheduleWithFixedDelay(this::pollQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Looks at the file once; reloads it when it changed. */
    public synchronized Outcome poll() {
        Object seen = stamp();
        if (Objects.equals(seen, lastSeen)) {
            return Outcome.UNCHANGED;
        }
        lastSeen = seen;
        try {
            TrustList loaded = TrustListFile.read(file, issuer);
            if (loaded.version() < current.version()) {
                throw new TrustListException(file + ": version " + loaded.version() + " is older than the list in use ("
                        + current.version() + "); refused as a rollback");
            }
            current = loaded;
            lastRefusal = null;
            Logger.info("trust list reloaded: version {}, {} certificates, issued {}", loaded.version(), loaded.size(),
                    loaded.issuedAt().orElseThrow());
            return Outcome.RELOADED;
        } catch (TrustListException e) {
            lastRefusal = e.getMessage();
            Logger.warn("trust list not reloaded, version {} stays in use: {}", current.version(), e.getMessage());
            return Outcome.REFUSED;
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            Logger.error(e, "trust list poll failed; the list in use stays");
        }
    }

    /** The list in use. */
    @Override
    public TrustList get() {
        return current;
    }

    /** {@code now - issued_at} of the list in use; past the configured maximum, trust is stale. */
    public Duration age(Instant now) {
        return current.age(now).orElseThrow();
    }

    /** Why the last changed file was refused; empty once a file has been accepted since. */
    public Optional<String> lastRefusal() {
        return Optional.ofNullable(lastRefusal);
    }

    /** Modification time, size and file key (an inode: a file replaced by rename is a new one). */
    private Object stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return java.util.List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return "unreadable: " + e.getClass().getSimpleName();
        }
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
