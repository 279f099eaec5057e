package org.onedoor.terminal.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.EventIds;
import org.onedoor.terminal.event.Severity;

/**
 * The entry ledger and the MQTT outbox: one SQLite database in WAL mode, one connection, one lock.
 * An event is committed, with its {@code seq} and {@code id}, before the caller moves any relay; the
 * outbox is the set of committed events the broker has not acknowledged yet.
 */
public final class Ledger implements EventRecorder, Outbox, AutoCloseable {
    /** The database file in the data directory. */
    public static final String FILE_NAME = "ledger.db";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSERT = "INSERT INTO events (id, kind, ts, epoch_ms, boot, mono_ms, clock_synced,"
            + " lane, entrance, direction, result, reason, status, source, subject, alert_type, severity, detail,"
            + " mode, status_age_s, risklist_age_s, service_age_s)"
            + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
    /** An entry's freshness fields are published even when null: "no knowledge" is itself the information. */
    private static final List<String> FRESHNESS_COLUMNS = List.of("status_age_s", "risklist_age_s", "service_age_s");

    /** SQLite's result code for a full database or disk. */
    private static final int SQLITE_FULL = 13;

    private final Connection connection;
    private final PreparedStatement insert;
    private final Clock clock;
    private final Duration retention;
    /**
     * Appends stop at this many pages in use, short of the size cap: the headroom lets the publisher
     * still mark rows published and retention still delete them. Without it a full database could
     * never acknowledge its backlog, and so never make room.
     */
    private final long appendLimitPages;
    private final BooleanSupplier clockSynced;
    private final Map<String, Object> terminalFields;
    private final long boot;
    private final long bootNanos = System.nanoTime();
    private final Map<Long, Long> pendingLatencies = new ConcurrentHashMap<>();
    private final List<java.util.function.BiConsumer<Event, Recorded>> appendListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Acknowledged by the broker, not yet written: they go with the next write of latencies. */
    private final java.util.Set<Long> pendingAcks = new java.util.HashSet<>();
    /** Entries committed but still being actuated: the outbox holds them, and all after them, back. */
    private final java.util.concurrent.ConcurrentSkipListSet<Long> unsealed = new java.util.concurrent.ConcurrentSkipListSet<>();
    private final Object newEvents = new Object();
    /** Set by an append, cleared by {@link #pending}: an append between the two never waits for a timeout. */
    private boolean unseenAppend;
    private long lastEpochMs;
    private long appended;
    /** Events that could not be written since the last successful write, and when that began. */
    private long unrecorded;
    private long unrecordedSinceMs;

    private Ledger(Connection connection, Duration retention, long appendLimitPages, Clock clock,
                   BooleanSupplier clockSynced, Map<String, Object> terminalFields) throws SQLException {
        this.connection = connection;
        this.retention = retention;
        this.appendLimitPages = appendLimitPages;
        this.clock = clock;
        this.clockSynced = clockSynced;
        // Sorted: a resent event must be byte-identical to its first delivery, and Map.of's
        // iteration order changes from one JVM start to the next.
        this.terminalFields = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(terminalFields));
        Schema.migrate(connection);
        this.boot = nextBoot();
        this.insert = connection.prepareStatement(INSERT);
    }

    /**
     * Opens (creating or upgrading) {@code ledger.db} in {@code dataDir}.
     *
     * @param durability     how much a power cut may lose; see docs/reliability.md
     * @param terminalFields fields every published event carries, e.g. terminal and venue
     */
    public static Ledger open(Path dataDir, LedgerSettings settings, Clock clock, BooleanSupplier clockSynced,
                              Map<String, Object> terminalFields) {
        try {
            Files.createDirectories(dataDir);
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(FILE_NAME));
            long maxPages = configure(c, settings);
            long appendLimit = maxPages == 0 ? Long.MAX_VALUE : maxPages - Math.max(32, maxPages / 20);
            return new Ledger(c, settings.retention(), appendLimit, clock, clockSynced, terminalFields);
        } catch (SQLException | java.io.IOException e) {
            throw new LedgerException("cannot open the ledger in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Applies the settings; returns the page cap, or 0 when there is none. */
    private static long configure(Connection c, LedgerSettings settings) throws SQLException {
        long maxPages = 0;
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = " + settings.durability().synchronous());
            s.execute("PRAGMA busy_timeout = 5000");
            if (settings.maxSizeMb() > 0) {
                maxPages = settings.maxSizeMb() * 1024L * 1024L / pragma(c, "page_size");
                s.execute("PRAGMA max_page_count = " + maxPages);
            }
        }
        // A misspelt pragma is silently ignored by SQLite: read the setting back rather than trust it.
        if (pragma(c, "synchronous") != settings.durability().synchronousLevel()) {
            throw new SQLException("synchronous = " + settings.durability().synchronous() + " did not take effect");
        }
        return maxPages;
    }

    private static long pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    /** SQLite's {@code synchronous} level in force: 2 is FULL (power-safe), 1 is NORMAL (process-safe). */
    public synchronized long synchronousLevel() {
        try {
            return pragma(connection, "synchronous");
        } catch (SQLException e) {
            throw new LedgerException("cannot read the ledger's settings: " + e.getMessage(), e);
        }
    }

    public long boot() {
        return boot;
    }

    /**
     * Commits the event; when this returns, the event survives a crash of the process. An entry is
     * published only after {@link #seal} gives it its latency. A full database first gives up the
     * published rows past retention; if it is still full, the event is counted as unrecorded, and the
     * next write that succeeds records a {@code ledger_write_failed} alert saying how many were lost.
     *
     * @throws LedgerException when the event could not be written; it took no seq
     */
    @Override
    public synchronized Recorded append(Event event) {
        try {
            ensureRoom();
            recordLossIfAny();
            Recorded recorded = insertRetryingWhenFull(event);
            appendListeners.forEach(listener -> listener.accept(event, recorded));
            return recorded;
        } catch (SQLException e) {
            if (unrecorded++ == 0) {
                unrecordedSinceMs = clock.millis();
            }
            throw new LedgerException("cannot record the " + event.kind() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Hears of every event once it is committed, on the appending thread and under the ledger's lock: a
     * listener must be quick and must not append.
     */
    public void onAppended(java.util.function.BiConsumer<Event, Recorded> listener) {
        appendListeners.add(listener);
    }

    /** Events that could not be written since the last write that succeeded. */
    public synchronized long unrecorded() {
        return unrecorded;
    }

    /** Deletes published rows past retention; rows the county has not acknowledged stay, whatever their age. */
    public synchronized Purge purgeExpired() {
        flushLatencies();
        long cutoff = clock.millis() - retention.toMillis();
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM events WHERE published = 1 AND epoch_ms < ?");
             PreparedStatement blocked = connection.prepareStatement(
                     "SELECT count(*) FROM events WHERE published = 0 AND epoch_ms < ?")) {
            delete.setLong(1, cutoff);
            long deleted = delete.executeUpdate();
            blocked.setLong(1, cutoff);
            try (ResultSet rs = blocked.executeQuery()) {
                return new Purge(deleted, rs.next() ? rs.getLong(1) : 0);
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot purge the ledger: " + e.getMessage(), e);
        }
    }

    private void ensureRoom() throws SQLException {
        if (atAppendLimit() && (purgeExpired().deleted() == 0 || atAppendLimit())) {
            throw new SQLException("the ledger is full (ledger.max_size_mb reached)", null, SQLITE_FULL);
        }
    }

    /** The disk itself may fill before any cap: then too, expired published rows go first. */
    private Recorded insertRetryingWhenFull(Event event) throws SQLException {
        try {
            return insert(event);
        } catch (SQLException e) {
            if (e.getErrorCode() != SQLITE_FULL || purgeExpired().deleted() == 0) {
                throw e;
            }
            return insert(event);
        }
    }

    private boolean atAppendLimit() throws SQLException {
        return appendLimitPages != Long.MAX_VALUE
                && pragma(connection, "page_count") - pragma(connection, "freelist_count") >= appendLimitPages;
    }

    private void recordLossIfAny() throws SQLException {
        if (unrecorded == 0) {
            return;
        }
        insert(new Event.Alert(AlertType.LEDGER_WRITE_FAILED, Severity.HIGH, null, null, Map.of("unrecorded", unrecorded,
                "since", TS.format(Instant.ofEpochMilli(unrecordedSinceMs)))));
        unrecorded = 0;
    }

    private Recorded insert(Event event) throws SQLException {
        long epochMs = Math.max(clock.millis(), lastEpochMs); // ts never goes back within a boot
        String id = EventIds.next(epochMs);
        String ts = TS.format(Instant.ofEpochMilli(epochMs));
        bindCommon(id, event.kind(), ts, epochMs);
        bindBody(event);
        insert.executeUpdate();
        long seq = lastInsertedSeq();
        lastEpochMs = epochMs;
        appended++;
        if (event instanceof Event.Entry) {
            unsealed.add(seq);
        } else {
            signalNew();
        }
        return new Recorded(seq, id, ts);
    }

    /**
     * Completes an entry with how long the scan took to actuate, and releases it to the outbox. The
     * latency is only known after the relay moved, i.e. after the row's commit; it is written with the
     * publisher's next batch rather than in a second commit per scan, which would double the writes
     * on the SD card. Callers seal in a {@code finally}: an unsealed entry holds the outbox back.
     *
     * @param latencyUs microseconds, or a negative value when actuation failed and there is none
     */
    @Override
    public void seal(long seq, long latencyUs) {
        if (latencyUs >= 0) {
            pendingLatencies.put(seq, latencyUs);
        }
        unsealed.remove(seq);
        signalNew();
    }

    /** How many events this process has appended since it opened the ledger. */
    public synchronized long appendedCount() {
        return appended;
    }

    @Override
    public synchronized List<OutboxMessage> pending(long afterSeq, int max) {
        synchronized (newEvents) {
            unseenAppend = false;
        }
        // Read the seal boundary first: seal() stores the latency before it removes the seq, so every entry
        // below this boundary has its latency stored by now, and the flush below writes it. The other order lets
        // an entry sealed between the flush and the read go out without its latency.
        long firstUnsealed = unsealed.isEmpty() ? Long.MAX_VALUE : unsealed.first();
        flushLatencies();
        List<OutboxMessage> out = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT * FROM events WHERE published = 0 AND seq > ? AND seq < ? ORDER BY seq LIMIT ?")) {
            q.setLong(1, afterSeq);
            q.setLong(2, firstUnsealed);
            q.setInt(3, max);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxMessage(rs.getLong("seq"), rs.getString("kind"), payloadOf(rs)));
                }
            }
            return out;
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
        long firstUnsealed = unsealed.isEmpty() ? Long.MAX_VALUE : unsealed.first();
        flushLatencies();
        List<OutboxMessage> out = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT * FROM events WHERE seq BETWEEN ? AND ? AND seq < ? ORDER BY seq")) {
            q.setLong(1, fromSeq);
            q.setLong(2, toSeq);
            q.setLong(3, firstUnsealed);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxMessage(rs.getLong("seq"), rs.getString("kind"), payloadOf(rs)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new LedgerException("cannot read events " + fromSeq + ".." + toSeq + ": " + e.getMessage(), e);
        }
    }

    /**
     * Remembers the acknowledgements; they are written together with the latencies at the
     * publisher's next {@link #pending} call (or {@link #flush}), in one transaction instead of one
     * per message. A crash before that write only means the broker gets those events again, with
     * the same payload.
     */
    @Override
    public synchronized void markPublished(List<Long> seqs) {
        pendingAcks.addAll(seqs);
    }

    /** Writes remembered latencies and acknowledgements now. */
    public synchronized void flush() {
        flushLatencies();
    }

    @Override
    public synchronized long depth() {
        flushLatencies();
        return queryLong("SELECT count(*) FROM events WHERE published = 0");
    }

    @Override
    public synchronized long oldestPendingEpochMs() {
        flushLatencies();
        return queryLong("SELECT coalesce(min(epoch_ms), 0) FROM events WHERE published = 0");
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
    public synchronized void close() {
        try {
            flushLatencies();
        } catch (LedgerException e) {
            org.tinylog.Logger.error("latencies and acknowledgements not written at close: {}", e.getMessage());
        }
        try {
            insert.close();
            connection.close();
        } catch (SQLException e) {
            throw new LedgerException("cannot close the ledger: " + e.getMessage(), e);
        }
    }

    /** The published form of the row the result set is on: one JSON object, fields in a fixed order. */
    private byte[] payloadOf(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getString("id"));
        m.put("seq", rs.getLong("seq"));
        m.put("ts", rs.getString("ts"));
        m.put("boot", rs.getLong("boot"));
        m.put("mono_ms", rs.getLong("mono_ms"));
        m.put("clock_synced", rs.getInt("clock_synced") == 1);
        m.putAll(terminalFields);
        for (String column : List.of("entrance", "lane", "direction", "result", "reason", "status", "source",
                "subject", "latency_us", "mode", "alert_type", "severity")) {
            Object value = rs.getObject(column);
            if (value != null) {
                m.put(column.equals("alert_type") ? "type" : column, value);
            }
        }
        if ("entry".equals(rs.getString("kind"))) {
            for (String column : FRESHNESS_COLUMNS) {
                m.put(column, rs.getObject(column));
            }
        }
        String detail = rs.getString("detail");
        try {
            if (detail != null) {
                m.put("detail", JSON.readTree(detail));
            }
            return JSON.writeValueAsBytes(m);
        } catch (java.io.IOException e) {
            throw new SQLException("event " + m.get("seq") + " cannot be serialised", e);
        }
    }

    private void bindCommon(String id, String kind, String ts, long epochMs) throws SQLException {
        insert.setString(1, id);
        insert.setString(2, kind);
        insert.setString(3, ts);
        insert.setLong(4, epochMs);
        insert.setLong(5, boot);
        insert.setLong(6, (System.nanoTime() - bootNanos) / 1_000_000);
        insert.setInt(7, clockSynced.getAsBoolean() ? 1 : 0);
    }

    private void bindBody(Event event) throws SQLException {
        for (int i = 8; i <= 22; i++) {
            insert.setNull(i, Types.VARCHAR);
        }
        if (event instanceof Event.Entry e) {
            insert.setString(8, e.lane());
            insert.setString(9, e.entrance());
            insert.setString(10, e.direction());
            insert.setString(11, e.result());
            insert.setString(12, e.reason());
            insert.setString(13, e.status());
            insert.setString(14, e.source());
            insert.setString(15, e.subject());
            insert.setString(19, e.mode());
            setLongOrNull(20, e.freshness().statusAgeS());
            setLongOrNull(21, e.freshness().riskListAgeS());
            setLongOrNull(22, e.freshness().serviceAgeS());
        } else if (event instanceof Event.Alert a) {
            insert.setString(8, a.lane());
            insert.setString(15, a.subject());
            insert.setString(16, a.type().wire());
            insert.setString(17, a.severity().wire());
            insert.setString(18, detailJson(a.detail()));
        } else if (event instanceof Event.Passage p) {
            insert.setString(8, p.lane());
            insert.setString(9, p.entrance());
            insert.setString(10, p.direction());
        } else if (event instanceof Event.ClockCorrection c) {
            insert.setString(18, detailJson(Map.of("correction_ms", c.correctionMs())));
        }
    }

    private void setLongOrNull(int index, Long value) throws SQLException {
        if (value != null) {
            insert.setLong(index, value);
        }
    }

    private static String detailJson(Map<String, Object> detail) throws SQLException {
        if (detail == null || detail.isEmpty()) {
            return null;
        }
        try {
            return JSON.writeValueAsString(detail);
        } catch (java.io.IOException e) {
            throw new SQLException("alert detail cannot be serialised", e);
        }
    }

    private void flushLatencies() {
        if (pendingLatencies.isEmpty() && pendingAcks.isEmpty()) {
            return;
        }
        try (PreparedStatement latency = connection.prepareStatement("UPDATE events SET latency_us = ? WHERE seq = ?");
             PreparedStatement ack = connection.prepareStatement("UPDATE events SET published = 1 WHERE seq = ?")) {
            connection.setAutoCommit(false);
            Map<Long, Long> latencies = Map.copyOf(pendingLatencies);
            for (var e : latencies.entrySet()) {
                latency.setLong(1, e.getValue());
                latency.setLong(2, e.getKey());
                latency.addBatch();
            }
            for (long seq : pendingAcks) {
                ack.setLong(1, seq);
                ack.addBatch();
            }
            latency.executeBatch();
            ack.executeBatch();
            connection.commit();
            latencies.keySet().forEach(pendingLatencies::remove);
            pendingAcks.clear();
        } catch (SQLException e) {
            rollbackQuietly();
            throw new LedgerException("cannot write latencies and acknowledgements: " + e.getMessage(), e);
        } finally {
            autoCommitQuietly();
        }
    }

    private long nextBoot() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("INSERT INTO meta(key, value) VALUES ('boot', '1')"
                    + " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
        }
        return queryLong("SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'boot'");
    }

    private long lastInsertedSeq() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT last_insert_rowid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long queryLong(String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
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

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    private void autoCommitQuietly() {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the connection is broken; the next statement reports it
        }
    }
}
