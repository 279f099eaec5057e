package org.onedoor.terminal.store;

import java.util.LinkedHashMap;
import java.util.Map;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;

/**
 * A database file found damaged at start and moved aside; the terminal went on with an empty one.
 *
 * @param store   which store: {@code ledger}, {@code status_cache} or {@code commands}
 * @param movedTo the file name it now has in the data directory, kept for the maintainer
 * @param problem what SQLite said, without any row's content
 */
public record DamagedStore(String store, String movedTo, String problem) {

    /**
     * The {@code store_damaged} alert. High for the ledger (its lost rows are entries) and the command store
     * (a forgotten request id lets a replayed command run again within its validity); a warning for the cache,
     * which only costs online lookups.
     *
     * @param extra further detail, e.g. how many rows were salvaged
     */
    public Event.Alert alert(Map<String, Object> extra) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("store", store);
        detail.put("moved_to", movedTo);
        detail.put("problem", problem);
        detail.putAll(extra);
        return new Event.Alert(AlertType.STORE_DAMAGED, store.equals("status_cache") ? Severity.WARNING : Severity.HIGH,
                null, null, detail);
    }
}
