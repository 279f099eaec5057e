package org.onedoor.terminal.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.onedoor.terminal.lifecycle.Service;
import org.tinylog.Logger;

/**
 * Moves the ledger's write-ahead log into its file from a thread and a connection of its own. Left to SQLite, that
 * checkpoint runs inside whichever commit takes the log past 1,000 pages: a lane's, before its relay moves, which
 * then waits for the copy and two syncs more. Here the lanes only ever append to the log.
 *
 * <p>A {@code PASSIVE} checkpoint, which never holds up a writer, once about as many commits as SQLite's own
 * threshold took have gathered and the ledger has been quiet for {@link #QUIET} — or at once when four times as
 * many have. The same number of checkpoints as before, so the card is written no more. Once a checkpoint has copied
 * the whole log, the next commit writes it again from its start. Should the log still grow past {@link #HARD_CAP}
 * (a reader holding an old snapshot keeps a passive checkpoint from finishing), a {@code TRUNCATE} checkpoint
 * waits for it and empties the file, holding writers back that once. A checkpoint changes nothing SQLite promises
 * on a crash or a power cut: every commit is in the log, synced, before it counts.
 */
public final class Checkpointer implements Service {
    /**
     * Commits in the log before a checkpoint: about one per event (an entry's carries the latency and acknowledgement
     * before it), some 1,000 to 1,300 log pages in all.
     */
    static final long COMMITS = 700;
    /** How long the ledger must have had no commit for a checkpoint not to compete with a scan for the card. */
    static final Duration QUIET = Duration.ofMillis(100);
    /** The log's size at which writers wait for a checkpoint that empties it. */
    static final long HARD_CAP = 8L * 1024 * 1024;
    private static final long TURN_MS = 50;
    /**
     * How long a checkpoint waits for a lock. A {@code TRUNCATE} holds commits back while it waits for a reader, so
     * it gives up soon and tries again only after {@link #TRUNCATE_RETRY}.
     */
    private static final long BUSY_MS = 100;
    private static final long TRUNCATE_RETRY = TimeUnit.SECONDS.toNanos(10);

    private final Supplier<Ledger> ledger;
    private final long commitsPerCheckpoint;
    private final long quietNanos;
    private final long hardCapBytes;
    private final RepeatLimiter repeats = new RepeatLimiter();
    private Ledger watched;
    private Connection connection;
    private Path wal;
    private ScheduledExecutorService thread;
    /** {@link Ledger#commits()} at the last checkpoint that copied the whole log; written by the checkpoint thread. */
    private volatile long checkpointedAt;
    /** {@link System#nanoTime()} of the last {@code TRUNCATE} that failed; owned by the checkpoint thread. */
    private long truncateFailedAt;
    private boolean truncateFailed;

    /** @param ledger the ledger, asked for at start: the service started before this one */
    public Checkpointer(Supplier<Ledger> ledger) {
        this(ledger, COMMITS, QUIET, HARD_CAP);
    }

    Checkpointer(Supplier<Ledger> ledger, long commitsPerCheckpoint, Duration quiet, long hardCapBytes) {
        this.ledger = ledger;
        this.commitsPerCheckpoint = commitsPerCheckpoint;
        this.quietNanos = quiet.toNanos();
        this.hardCapBytes = hardCapBytes;
    }

    @Override
    public String name() {
        return "checkpointer";
    }

    @Override
    public void start() throws SQLException {
        watched = ledger.get();
        Path file = watched.file();
        wal = file.resolveSibling(file.getFileName() + "-wal");
        connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + BUSY_MS);
            s.execute("PRAGMA wal_autocheckpoint = 0");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        watched.leaveCheckpoints(true);
        checkpointedAt = watched.commits();
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ledger-checkpoint");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::turn, TURN_MS, TURN_MS, TimeUnit.MILLISECONDS);
    }

    /** Hands the checkpoints back to the ledger's commits once this thread has ended. */
    @Override
    public void stop() throws Exception {
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
        try {
            watched.leaveCheckpoints(false);
        } finally {
            connection.close();
        }
    }

    /** {@link Ledger#commits()} when the last checkpoint that copied the whole log began. */
    long checkpointedAt() {
        return checkpointedAt;
    }

    private void turn() {
        try {
            if (walBytes() >= hardCapBytes && mayTruncate()) {
                truncateFailed = !checkpoint("TRUNCATE");
                truncateFailedAt = System.nanoTime();
                return;
            }
            long since = watched.commits() - checkpointedAt;
            boolean quiet = System.nanoTime() - watched.lastCommitNanos() >= quietNanos;
            if (since >= 4 * commitsPerCheckpoint || since >= commitsPerCheckpoint && quiet) {
                checkpoint("PASSIVE");
            }
        } catch (SQLException | IOException | RuntimeException e) {
            repeats.admit("checkpoint").ifPresent(held -> Logger.warn("ledger: checkpoint failed: {}{}",
                    e.getMessage(), held));
        }
    }

    private boolean mayTruncate() {
        return !truncateFailed || System.nanoTime() - truncateFailedAt >= TRUNCATE_RETRY;
    }

    /** Whether the whole log was copied; a busy or partial checkpoint is tried again at a later turn. */
    private boolean checkpoint(String mode) throws SQLException {
        long commits = watched.commits();
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            // busy, pages in the log, pages copied
            boolean whole = rs.next() && rs.getInt(1) == 0 && rs.getLong(2) == rs.getLong(3);
            if (whole) {
                checkpointedAt = commits;
            }
            return whole;
        }
    }

    private long walBytes() throws IOException {
        return Files.exists(wal) ? Files.size(wal) : 0;
    }
}
