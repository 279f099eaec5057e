package org.onedoor.terminal.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.EventIds;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.event.StrangerAlerts;
import org.onedoor.terminal.store.DamagedStore;
import org.onedoor.terminal.store.StoreFiles;
import org.tinylog.Logger;

/**
 * The entry ledger and the MQTT outbox: one SQLite database ({@link EventStore}), one lock. An event is
 * committed, with its {@code seq} and {@code id}, before the caller moves any relay; the outbox is the set
 * of committed events the broker has not acknowledged yet, published as {@link PayloadWriter} writes them.
 * Latencies and acknowledgements wait in an {@link AckBuffer} until a write is due; alerts anyone
 * can cause get a share of the room only ({@link StrangerAlertShare}).
 */
public final class Ledger implements EventRecorder, Outbox, AutoCloseable {
    /** The database file in the data directory. */
    public static final String FILE_NAME = "ledger.db";
    /** The share of {@code max_size_mb} that alerts a stranger can cause may hold together. */
    static final int STRANGER_SHARE_PERCENT = StrangerAlertShare.SHARE_PERCENT;
    /** What one such alert is counted as, in bytes. */
    static final int STRANGER_ALERT_BYTES = StrangerAlertShare.ALERT_BYTES;
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** What the log says whenever the journal cannot be used. */
    private static final String WITHOUT_JOURNAL = "; each latency is written before its entry is published";

    private final EventStore store;
    private final AckBuffer buffer = new AckBuffer();
    /** Null when it could not be opened; see {@link #journalFailed}. */
    private final LatencyJournal journal;
    /** Held while a latency goes into the journal and the buffer, and while the journal is emptied. */
    private final Object journalLock = new Object();
    /**
     * Set when the journal could not be opened or written: each latency is then written before its entry is read,
     * as before there was a journal, so that a resent entry still carries the latency of its first delivery.
     */
    private volatile boolean journalFailed;
    private final Clock clock;
    private final Duration retention;
    /**
     * Appends stop at this many pages in use, short of the size cap: the headroom lets the publisher
     * still mark rows published and retention still delete them. Without it a full database could
     * never acknowledge its backlog, and so never make room.
     */
    private final long appendLimitPages;
    private final StrangerAlertShare strangers;
    private final BooleanSupplier clockSynced;
    private final long boot;
    private final long bootNanos = System.nanoTime();
    private final List<BiConsumer<Event, Recorded>> appendListeners = new CopyOnWriteArrayList<>();
    private final Object newEvents = new Object();
    private final Path file;
    /** Commits since open, and when the last one ended: what the {@link Checkpointer} waits on. */
    private final AtomicLong commits = new AtomicLong();
    private volatile long lastCommitNanos = System.nanoTime();
    /** Set by an append, cleared by {@link #pending}: an append between the two never waits for a timeout. */
    private boolean unseenAppend;
    /** The {@code afterSeq} of the last {@link #pending} call. */
    private long lastPendingAfter = Long.MIN_VALUE;
    private long lastEpochMs;
    private long appended;
    /** Events that could not be written since the last successful write, and when that began. */
    private long unrecorded;
    private long unrecordedSinceMs;

    private Ledger(Path file, EventStore store, LatencyJournal journal, Duration retention, Clock clock,
                   BooleanSupplier clockSynced) throws SQLException {
        this.file = file;
        this.store = store;
        this.journal = journal;
        this.journalFailed = journal == null;
        this.retention = retention;
        long maxPages = store.maxPages();
        long headroom = Math.max(32, maxPages / 20);
        this.appendLimitPages = maxPages == 0 ? Long.MAX_VALUE : maxPages - headroom;
        this.clock = clock;
        this.clockSynced = clockSynced;
        this.boot = store.nextBoot();
        this.strangers = new StrangerAlertShare(maxPages, store.pragma("page_size"), headroom,
                store.queryLong(StrangerAlertShare.COUNT));
    }

    /**
     * Opens (creating or upgrading) {@code ledger.db} in {@code dataDir}. A damaged file ({@link StoreFiles#isDamage})
     * is moved aside and a new ledger started, holding every row that could still be read from the old one; see
     * {@link #recovered()}. Any other failure (a locked file, a full disk) moves nothing and throws.
     *
     * @param terminalFields fields every published event carries, e.g. terminal and venue
     */
    public static Ledger open(Path dataDir, LedgerSettings settings, Clock clock, BooleanSupplier clockSynced,
                              Map<String, Object> terminalFields) {
        Path file = dataDir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new LedgerException("cannot open the ledger in " + dataDir + ": " + e.getMessage(), e);
        }
        try {
            return openFile(file, settings, clock, clockSynced, terminalFields, null);
        } catch (LedgerException e) {
            if (!StoreFiles.isDamage(e)) {
                throw e;
            }
            DamagedStore damaged;
            try {
                damaged = StoreFiles.moveAside(file, "ledger", e, clock);
            } catch (IOException notMoved) {
                e.addSuppressed(notMoved);
                throw e;
            }
            return openFile(file, settings, clock, clockSynced, terminalFields, damaged);
        }
    }

    /** The store is closed again whatever fails after it is opened. */
    private static Ledger openFile(Path file, LedgerSettings settings, Clock clock, BooleanSupplier clockSynced,
                                   Map<String, Object> terminalFields, DamagedStore damaged) {
        EventStore store = null;
        LatencyJournal journal = null;
        try {
            store = EventStore.open(file, settings, new PayloadWriter(terminalFields), damaged);
            journal = openJournal(file.resolveSibling(LatencyJournal.FILE_NAME), store);
            return new Ledger(file, store, journal, settings.retention(), clock, clockSynced);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(journal, e);
            closeQuietly(store, e);
            throw e instanceof LedgerException known ? known
                    : new LedgerException("cannot open the ledger in " + file.getParent() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The journal beside the ledger, the latencies a process that crashed left in it written into their rows first.
     * Null when it cannot be opened or read: the ledger then writes each latency before its entry is read.
     */
    private static LatencyJournal openJournal(Path path, EventStore store) throws SQLException {
        LatencyJournal journal;
        try {
            journal = LatencyJournal.open(path);
        } catch (IOException e) {
            Logger.warn("ledger: no latency journal ({}){}", e.getMessage(), WITHOUT_JOURNAL);
            return null;
        }
        try {
            Map<Long, Long> left = journal.read();
            if (!left.isEmpty()) {
                store.write(new AckBuffer.Pending(left, Set.of()));
            }
            journal.clear();
            return journal;
        } catch (IOException | SQLException | RuntimeException e) {
            closeQuietly(journal, e);
            if (e instanceof SQLException sql) {
                throw sql;
            }
            Logger.warn("ledger: the latency journal cannot be read ({}){}", e.getMessage(), WITHOUT_JOURNAL);
            return null;
        }
    }

    /** Closes what was opened before {@code cause}, which carries any failure to close it. */
    private static void closeQuietly(AutoCloseable opened, Exception cause) {
        if (opened == null) {
            return;
        }
        try {
            opened.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    /** SQLite's {@code synchronous} level in force: 2 is FULL (power-safe), 1 is NORMAL (process-safe). */
    public synchronized long synchronousLevel() {
        try {
            return store.pragma("synchronous");
        } catch (SQLException e) {
            throw new LedgerException("cannot read the ledger's settings: " + e.getMessage(), e);
        }
    }

    public long boot() {
        return boot;
    }

    /** The damaged ledger this one replaced at start, and what was salvaged from it; empty on a normal start. */
    public Optional<Recovery> recovered() {
        return store.recovery();
    }

    /**
     * Commits the event; when this returns, the event survives a crash of the process. An entry is
     * published only after {@link #seal} gives it its latency. A full database first gives up the
     * published rows past retention; if it is still full, the event is counted as unrecorded, and the
     * next write that succeeds records a {@code ledger_write_failed} alert saying how many were lost.
     * The listeners hear of the event after the ledger's lock is released.
     *
     * <p>An alert a stranger can cause is refused, and counted, once such alerts hold their share of the ledger
     * or the ledger is near its cap (see {@link StrangerAlertShare}).
     *
     * @throws LedgerException when the event could not be written; it took no seq
     */
    @Override
    public Recorded append(Event event) {
        Recorded recorded = commit(event);
        appendListeners.forEach(listener -> listener.accept(event, recorded));
        return recorded;
    }

    private synchronized Recorded commit(Event event) {
        if (StrangerAlerts.isStrangerAlert(event)) {
            admitStrangerAlert((Event.Alert) event);
        }
        try {
            ensureRoom();
            recordLossIfAny();
            return insertRetryingWhenFull(event);
        } catch (SQLException | LedgerException e) { // the purge's flush of latencies fails too on a full card
            if (unrecorded++ == 0) {
                unrecordedSinceMs = clock.millis();
            }
            throw new LedgerException("cannot record the " + event.kind() + ": " + e.getMessage(), e);
        }
    }

    /** A rehearsal that fails is only logged: the first real entry then pays the cost, or meets the same fault. */
    @Override
    public synchronized void rehearse(Event event) {
        try {
            store.rehearseInsert(EventRow.of(event).set("id", EventIds.next(clock.millis())).set("ts", TS.format(
                    clock.instant())).set("epoch_ms", clock.millis()).set("boot", boot).set("mono_ms", 0)
                    .set("clock_synced", 0));
        } catch (SQLException e) {
            Logger.warn("ledger: the warm-up's rolled-back insert failed (SQLite error {})", e.getErrorCode());
        }
    }

    /**
     * Hears of every event once it is committed, on the appending thread, outside the ledger's lock: a slow
     * listener holds up only the thread that appended (a lane's scan, say), not every other writer, and it
     * may append in turn. Two threads' events may reach a listener in another order than their seqs.
     */
    public void onAppended(BiConsumer<Event, Recorded> listener) {
        appendListeners.add(listener);
    }

    private void admitStrangerAlert(Event.Alert alert) {
        try {
            strangers.admit(alert, store.pagesInUse(), clock.millis(), this::insert);
        } catch (SQLException e) {
            throw new LedgerException("cannot record the alert: " + e.getMessage(), e);
        }
    }

    /** Events that could not be written since the last write that succeeded. */
    public synchronized long unrecorded() {
        return unrecorded;
    }

    /** Deletes published rows past retention; rows the county has not acknowledged stay, whatever their age. */
    public synchronized Purge purgeExpired() {
        flushBuffer();
        try {
            Purge purge = store.purge(clock.millis() - retention.toMillis(), clock.millis());
            committed();
            if (purge.deleted() > 0) {
                strangers.recount(store.queryLong(StrangerAlertShare.COUNT));
            }
            return purge;
        } catch (SQLException e) {
            throw new LedgerException("cannot purge the ledger: " + e.getMessage(), e);
        }
    }

    private void ensureRoom() throws SQLException {
        if (atAppendLimit() && (purgeExpired().deleted() == 0 || atAppendLimit())) {
            throw new SQLException("the ledger is full (ledger.max_size_mb reached)", null, EventStore.SQLITE_FULL);
        }
    }

    /** The disk itself may fill before any cap: then too, expired published rows go first. */
    private Recorded insertRetryingWhenFull(Event event) throws SQLException {
        try {
            return insert(event);
        } catch (SQLException e) {
            if (e.getErrorCode() != EventStore.SQLITE_FULL || purgeExpired().deleted() == 0) {
                throw e;
            }
            return insert(event);
        }
    }

    private boolean atAppendLimit() throws SQLException {
        return appendLimitPages != Long.MAX_VALUE && store.pagesInUse() >= appendLimitPages;
    }

    private void recordLossIfAny() throws SQLException {
        if (unrecorded == 0) {
            return;
        }
        insert(new Event.Alert(AlertType.LEDGER_WRITE_FAILED, Severity.HIGH, null, null, Map.of("unrecorded",
                unrecorded, "since", TS.format(Instant.ofEpochMilli(unrecordedSinceMs)))));
        unrecorded = 0;
    }

    private Recorded insert(Event event) throws SQLException {
        long epochMs = Math.max(clock.millis(), lastEpochMs); // ts never goes back within a boot
        String id = EventIds.next(epochMs);
        String ts = TS.format(Instant.ofEpochMilli(epochMs));
        AckBuffer.Pending pending = buffer.drain();
        long seq = store.insert(EventRow.of(event).set("id", id).set("ts", ts).set("epoch_ms", epochMs)
                .set("boot", boot).set("mono_ms", (System.nanoTime() - bootNanos) / 1_000_000)
                .set("clock_synced", clockSynced.getAsBoolean() ? 1 : 0), pending);
        buffer.written(pending);
        committed();
        clearJournalWhenDue();
        lastEpochMs = epochMs;
        appended++;
        strangers.written(event);
        if (event instanceof Event.Entry) {
            buffer.opened(seq);
        } else {
            signalNew();
        }
        return new Recorded(seq, id, ts);
    }

    /**
     * Completes an entry with how long the scan took to actuate, and releases it to the outbox. The
     * latency is only known after the relay moved, i.e. after the row's commit; it is written with the
     * publisher's next batch ({@link AckBuffer}). Callers seal in a {@code finally}: an unsealed entry
     * holds the outbox back.
     *
     * @param latencyUs microseconds, or a negative value when actuation failed and there is none
     */
    @Override
    public void seal(long seq, long latencyUs) {
        if (latencyUs >= 0 && !journalFailed) {
            synchronized (journalLock) {
                journalLatency(seq, latencyUs);
                buffer.sealed(seq, latencyUs);
            }
        } else {
            buffer.sealed(seq, latencyUs);
        }
        signalNew();
    }

    private void journalLatency(long seq, long latencyUs) {
        try {
            journal.append(seq, latencyUs);
        } catch (IOException e) {
            journalBroke("latencies no longer journalled", e);
        }
    }

    /** From now on each latency is written before its entry is read, as without a journal. */
    private void journalBroke(String what, IOException e) {
        journalFailed = true;
        Logger.error("ledger: {} ({}){}", what, e.getMessage(), WITHOUT_JOURNAL);
    }

    /** Empties the journal once it is large and every latency in it is in the ledger. */
    private void clearJournalWhenDue() {
        if (journalFailed) {
            return;
        }
        synchronized (journalLock) {
            try {
                if (!buffer.latenciesDue() && journal.size() >= LatencyJournal.CLEAR_AT_BYTES) {
                    journal.clear();
                }
            } catch (IOException e) {
                journalBroke("the latency journal cannot be emptied", e);
            }
        }
    }

    /** How many events this process has appended since it opened the ledger. */
    public synchronized long appendedCount() {
        return appended;
    }

    /**
     * One query (the outbox's reader asks for 128 rows at a time). The buffer is written before it only when it must
     * be: latencies, which the rows read need; a restart from the lowest seq, whose read would otherwise hold rows
     * acknowledged but not written down, perhaps nothing else; or many acknowledgements. Otherwise they wait for the
     * next such write or the idle flush, and the reader's polls between two scans write nothing.
     */
    @Override
    public synchronized List<OutboxMessage> pending(long afterSeq, int max) {
        synchronized (newEvents) {
            unseenAppend = false;
        }
        // Asked from a lower seq than last time: the publisher reconnected and sends everything unacknowledged again.
        boolean restart = afterSeq < lastPendingAfter;
        lastPendingAfter = afterSeq;
        long firstUnsealed = buffer.firstUnsealed();
        if (restart || buffer.acksDue() || journalFailed && buffer.latenciesDue()) {
            flushBuffer();
        }
        try {
            // Rows acknowledged but not yet written down are still unpublished in the file: never hand them out again.
            List<OutboxMessage> read = new ArrayList<>(store.unpublished(afterSeq, firstUnsealed, max,
                    buffer.latencies()));
            read.removeIf(m -> buffer.acks().contains(m.seq()));
            return read;
        } catch (SQLException e) {
            throw new LedgerException("cannot read the outbox: " + e.getMessage(), e);
        }
    }

    /**
     * The events with seq {@code fromSeq} to {@code toSeq} that the ledger still holds, published or not, in
     * seq order, with the payloads they were (or will be) published with: what a {@code replay} sends again.
     * An entry not yet sealed is left out; retention may have deleted old ones.
     */
    public synchronized List<OutboxMessage> range(long fromSeq, long toSeq) {
        long firstUnsealed = buffer.firstUnsealed();
        flushBuffer();
        try {
            return store.range(fromSeq, toSeq, firstUnsealed);
        } catch (SQLException e) {
            throw new LedgerException("cannot read events " + fromSeq + ".." + toSeq + ": " + e.getMessage(), e);
        }
    }

    /**
     * Remembers the acknowledgements; they are written when a write is due ({@link #pending}, {@link #flush}). Takes
     * no lock: the publisher never waits for a read of the outbox.
     */
    @Override
    public void markPublished(List<Long> seqs) {
        buffer.acknowledged(seqs);
    }

    /** Writes remembered latencies and acknowledgements now. */
    public synchronized void flush() {
        flushBuffer();
    }

    /** Counts acknowledgements still in memory as published: asking writes nothing. */
    @Override
    public synchronized long depth() {
        return queryLong("SELECT count(*) FROM events WHERE " + unpublishedRows() + notYetWrittenAcks());
    }

    @Override
    public synchronized long oldestPendingEpochMs() {
        return queryLong("SELECT coalesce(min(epoch_ms), 0) FROM events WHERE " + unpublishedRows()
                + notYetWrittenAcks());
    }

    private String unpublishedRows() {
        try {
            return store.unpublishedRows();
        } catch (SQLException e) {
            throw new LedgerException("cannot query the ledger: " + e.getMessage(), e);
        }
    }

    /** A condition leaving out the rows acknowledged but not yet marked; a long list is written out instead. */
    private String notYetWrittenAcks() {
        if (buffer.ackCount() > AckBuffer.ACKS_IN_A_QUERY) {
            flushBuffer();
        }
        String seqs = buffer.acks().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        return seqs.isEmpty() ? "" : " AND seq NOT IN (" + seqs + ")";
    }

    @Override
    public void awaitNew(long timeoutMs) throws InterruptedException {
        synchronized (newEvents) {
            if (!unseenAppend) {
                newEvents.wait(Math.max(1, timeoutMs));
            }
        }
    }

    @Override
    public void wake() {
        signalNew();
    }

    @Override
    public synchronized void close() {
        boolean written = true;
        try {
            flushBuffer();
        } catch (LedgerException e) {
            written = false;
            Logger.error("latencies and acknowledgements not written at close: {}", e.getMessage());
        }
        try {
            store.close();
        } catch (SQLException e) {
            throw new LedgerException("cannot close the ledger: " + e.getMessage(), e);
        } finally {
            closeJournal(written);
        }
    }

    /** Emptied when every latency in it is in the ledger; otherwise the next open writes them. */
    private void closeJournal(boolean latenciesWritten) {
        if (journal == null) {
            return;
        }
        try (LatencyJournal closing = journal) {
            if (latenciesWritten && !journalFailed) {
                closing.clear();
            }
        } catch (IOException e) {
            Logger.warn("ledger: the latency journal not closed cleanly: {}", e.getMessage());
        }
    }

    private void flushBuffer() {
        if (buffer.isEmpty()) {
            return;
        }
        AckBuffer.Pending pending = buffer.drain();
        try {
            store.write(pending);
            committed();
        } catch (SQLException e) {
            throw new LedgerException("cannot write latencies and acknowledgements: " + e.getMessage(), e);
        }
        buffer.written(pending);
        clearJournalWhenDue();
    }

    private void committed() {
        commits.incrementAndGet();
        lastCommitNanos = System.nanoTime();
    }

    /** The database file. */
    Path file() {
        return file;
    }

    /** How many transactions this process has committed to the ledger. */
    long commits() {
        return commits.get();
    }

    /** {@link System#nanoTime()} when the last commit ended, or the ledger was opened. */
    long lastCommitNanos() {
        return lastCommitNanos;
    }

    /**
     * Whether a {@link Checkpointer} copies the log into the file: then no commit does, whatever its size. Until it
     * says so, and once it stops, SQLite's own checkpoint in the commit that takes the log past 1,000 pages.
     */
    synchronized void leaveCheckpoints(boolean toCheckpointer) {
        try {
            store.autoCheckpoint(toCheckpointer ? 0 : EventStore.AUTO_CHECKPOINT_PAGES);
        } catch (SQLException e) {
            throw new LedgerException("cannot set the ledger's checkpoints: " + e.getMessage(), e);
        }
    }

    private long queryLong(String sql) {
        try {
            return store.queryLong(sql);
        } catch (SQLException e) {
            throw new LedgerException("cannot query the ledger: " + e.getMessage(), e);
        }
    }

    private void signalNew() {
        synchronized (newEvents) {
            unseenAppend = true;
            newEvents.notifyAll();
        }
    }
}
