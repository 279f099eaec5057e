package org.onedoor.terminal.ledger;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.event.StrangerAlerts;

/**
 * The ledger's room for alerts anyone can cause ({@link StrangerAlerts}): together they hold at most
 * {@link #SHARE_PERCENT} of {@code max_size_mb}, and stop a further 5 % short of the append limit, so that
 * however full the ledger, the last room is an entry's. The first alert refused in a row records
 * {@code alert_share_full} at once, so the county hears of the flood while it lasts; the rest are only counted,
 * and the next one that fits is preceded by {@code alerts_dropped} with their number. Guarded by the ledger's lock.
 */
final class StrangerAlertShare {
    /** The share of {@code max_size_mb} that alerts a stranger can cause may hold together. */
    static final int SHARE_PERCENT = 10;
    /**
     * What one such alert is counted as: more than a {@code risklist_refused} row takes with its index entries
     * (LedgerAlertShareTest prints the measured size), so the share holds with room to spare.
     */
    static final int ALERT_BYTES = 512;
    /** Counts the stranger alerts a ledger holds. */
    static final String COUNT = "SELECT count(*) FROM events WHERE kind = 'alert' AND alert_type IN ("
            + StrangerAlerts.TYPES.stream().map(t -> "'" + t.wire() + "'").sorted().collect(Collectors.joining(", "))
            + ")";

    /** Writes an alert of the ledger's own, with its id and time, outside this share. */
    interface Writer {
        Recorded insert(Event.Alert alert) throws SQLException;
    }

    private final long limitPages;
    private final long cap;
    /** Stranger alerts in the ledger now. */
    private long held;
    /** Stranger alerts not recorded since their share filled, and when that began. */
    private long dropped;
    private long droppedSinceMs;

    /**
     * @param maxPages the ledger's page cap, 0 for none (then the share is unbounded)
     * @param headroom the pages the append limit keeps free below the cap
     * @param held     stranger alerts already in the ledger
     */
    StrangerAlertShare(long maxPages, long pageSize, long headroom, long held) {
        this.limitPages = maxPages == 0 ? Long.MAX_VALUE : maxPages - 2 * headroom;
        this.cap = maxPages == 0 ? Long.MAX_VALUE : maxPages * pageSize * SHARE_PERCENT / 100 / ALERT_BYTES;
        this.held = held;
    }

    /**
     * Lets a stranger alert through while it fits, writing {@code alerts_dropped} first when some were refused.
     *
     * @throws LedgerException when it does not fit: it is counted, not written
     */
    void admit(Event.Alert alert, long pagesInUse, long nowMs, Writer writer) throws SQLException {
        if (held < cap && (limitPages == Long.MAX_VALUE || pagesInUse < limitPages)) {
            if (dropped > 0) {
                writer.insert(new Event.Alert(AlertType.ALERTS_DROPPED, Severity.WARNING, null, null,
                        Map.of("count", dropped, "since", Ledger.TS.format(Instant.ofEpochMilli(droppedSinceMs)))));
                dropped = 0;
            }
            return;
        }
        if (dropped++ == 0) {
            droppedSinceMs = nowMs;
            writer.insert(new Event.Alert(AlertType.ALERT_SHARE_FULL, Severity.WARNING, null, null,
                    Map.of("share_percent", SHARE_PERCENT, "first_dropped", alert.type().wire())));
        }
        throw new LedgerException(alert.type().wire() + " not recorded: alerts anyone can cause have used their share"
                + " of the ledger; " + dropped + " dropped so far");
    }

    /** An event was written: one more stranger alert held, if it is one. */
    void written(Event event) {
        if (StrangerAlerts.isStrangerAlert(event)) {
            held++;
        }
    }

    /** Retention deleted rows: the count as the ledger has it now. */
    void recount(long heldNow) {
        held = heldNow;
    }
}
