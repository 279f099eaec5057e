package org.onedoor.terminal.event;

import java.util.EnumSet;
import java.util.Set;

/**
 * The alert types anyone can cause without a key: whoever can publish on the county's risk-list topics (the
 * broker's ACLs are the only gate before the signature check), whoever stands at a scanner with codes or
 * noise or at an ID-card reader with cards, and whoever walks through a lane unchecked. Each is raised at most
 * once a minute per type ({@link AlertCoalescer} for the risk list, the lane's burst detector for scans and cards,
 * the lane's own limit for tailgates), and the ledger gives them together at most a fixed share of its size, never the
 * room an entry needs (docs/reliability.md).
 *
 * <p>Not here: refused remote commands, which are answered on their result topic and never recorded; alerts
 * from the venue's own hardware (scanner, inputs, disk) and from the county's signed commands.
 */
public final class StrangerAlerts {
    public static final Set<AlertType> TYPES = Set.copyOf(EnumSet.of(AlertType.RISKLIST_REFUSED,
            AlertType.RISKLIST_GAP, AlertType.UNKNOWN_CODE_BURST, AlertType.NOISE_FLOOD,
            AlertType.INVALID_ID_BURST, AlertType.TAILGATE));

    private StrangerAlerts() {
    }

    public static boolean isStrangerAlert(Event event) {
        return event instanceof Event.Alert alert && TYPES.contains(alert.type());
    }
}
