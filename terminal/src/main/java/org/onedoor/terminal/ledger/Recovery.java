package org.onedoor.terminal.ledger;

import java.util.LinkedHashMap;
import java.util.Map;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.store.DamagedStore;

/**
 * What became of a damaged ledger found at start: moved aside, and the rows that could still be read copied
 * into the new one with their seq, id and published flag.
 *
 * @param salvaged            rows copied, published or not
 * @param salvagedUnpublished of those, rows the county had not acknowledged: the outbox sends them
 * @param unreadable          rows that exist in the old file but could not be read; -1 when its size is unknown
 * @param salvageFailure      why nothing could be copied though rows were read (e.g. the new file's size cap), or null
 */
public record Recovery(DamagedStore damaged, long salvaged, long salvagedUnpublished, long unreadable,
                       String salvageFailure) {

    /** The {@code store_damaged} alert, with the salvage counts. */
    public Event.Alert alert() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("salvaged", salvaged);
        counts.put("salvaged_unpublished", salvagedUnpublished);
        if (unreadable >= 0) {
            counts.put("unreadable", unreadable);
        }
        if (salvageFailure != null) {
            counts.put("salvage_failed", salvageFailure);
        }
        return damaged.alert(counts);
    }
}
