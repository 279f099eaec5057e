package org.onedoor.terminal.status;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether the county has listed a person as yellow or red. Takes the subject because the risk list is keyed
 * by the county's own pseudonym, not the terminal's; the subject goes no further than the check.
 */
@FunctionalInterface
public interface RiskCheck {
    /** A county without a risk list lists nobody. */
    RiskCheck NONE = subject -> Optional.empty();

    Optional<Listing> listed(String subject);

    /**
     * @param asOf when the county issued the list version that says so: the age of this status
     */
    record Listing(HealthStatus status, Instant asOf) {
    }
}
