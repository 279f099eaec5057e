package org.onedoor.terminal.inputs;

import org.onedoor.terminal.event.Event;

/** Where an input's alerts go; in the daemon, the ledger (and so the county). */
@FunctionalInterface
public interface AlertSink {
    void alert(Event.Alert alert);
}
