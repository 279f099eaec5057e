package org.onedoor.terminal.daemon;

import java.util.function.Supplier;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.EventSink;
import org.onedoor.terminal.ledger.Ledger;
import org.onedoor.terminal.ledger.LedgerException;
import org.onedoor.terminal.store.DamagedStore;
import org.tinylog.Logger;

/** The terminal's own events into the ledger; a failing card is logged once a minute per kind, never thrown. */
final class QuietLedger implements EventSink {
    private final Supplier<Ledger> ledger;
    private final RepeatLimiter repeats = new RepeatLimiter();

    /** @param ledger the ledger, once its part has started */
    QuietLedger(Supplier<Ledger> ledger) {
        this.ledger = ledger;
    }

    /** A damaged database was moved aside at start and an empty one opened in its place (docs/reliability.md). */
    void storeDamaged(DamagedStore damaged, Event.Alert alert) {
        Logger.error("{} was damaged ({}): moved aside as {}, started with a new one", damaged.store(),
                damaged.problem(), damaged.movedTo());
        record(alert);
    }

    @Override
    public void record(Event event) {
        try {
            ledger.get().append(event);
        } catch (LedgerException e) {
            repeats.admit("not recorded " + event.kind()).ifPresent(held -> Logger.error("{} not recorded: {}{}",
                    event.kind(), e.getMessage(), held));
        }
    }
}
