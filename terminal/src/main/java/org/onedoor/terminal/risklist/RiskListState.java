package org.onedoor.terminal.risklist;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the terminal's risk list is, for the daemon's state, its events and its lamps.
 *
 * @param version   the version held; 0 when there is no list
 * @param epoch     the epoch of the list held (its pseudonyms are under that epoch's risk key); 0 with no list
 * @param issuedAt  when the county signed the newest message verified for this version (a refresh moves it)
 * @param appliedAt when this version took effect on this terminal
 * @param entries   how many pseudonyms the list holds
 * @param gap       a newer version exists that could not be followed (a missed delta, or one that could not
 *                  be applied or stored): the list is behind until a newer snapshot arrives
 * @param age       now minus {@code issuedAt}, never negative; empty with no list
 * @param problem   why the list is not what it should be: a stored list that failed verification, or a
 *                  version that could not be stored; cleared when a version takes effect
 */
public record RiskListState(long version, int epoch, Optional<Instant> issuedAt, Optional<Instant> appliedAt,
        int entries, boolean gap, Optional<Duration> age, Optional<String> problem) {

    public boolean hasList() {
        return version > 0;
    }
}
