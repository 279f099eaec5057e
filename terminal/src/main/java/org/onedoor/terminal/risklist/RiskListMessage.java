package org.onedoor.terminal.risklist;

import java.time.Instant;

/**
 * The signed content of one risk-list message (docs/risklist.md).
 *
 * @param baseVersion the version a delta applies to; 0 for a snapshot, which has none
 * @param issuedAt    when the county signed it, to the second
 * @param entries     a snapshot's whole list, or a delta's additions and changes of colour
 * @param removals    pseudonyms a delta takes off the list; empty for a snapshot
 */
record RiskListMessage(Kind kind, String county, int epoch, long version, long baseVersion, Instant issuedAt,
        PseudonymTable entries, SortedKeys removals) {
    static final String FORMAT = "onedoor-risklist/1";
}
