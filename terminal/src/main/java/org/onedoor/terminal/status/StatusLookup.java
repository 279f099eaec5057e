package org.onedoor.terminal.status;

import java.util.Optional;

/** What a lane needs to know about a recognised code: its holder's health status, however it is found. */
public interface StatusLookup {
    /**
     * @param subjectFromCode the subject the code's profile extracted from the scanned text, when it has
     *                        one; only such a code can be answered before the service is asked
     */
    Resolution resolve(VerifyRequest request, Optional<String> subjectFromCode);

    /**
     * What {@link #resolve} would find for {@code subject} without asking the service, only reading: run before the
     * first scan on a made-up subject, it loads the lookups' code and writes nothing a later scan could see.
     */
    default Resolution rehearse(String subject) {
        return new Resolution(HealthStatus.UNKNOWN, Source.NONE, Resolution.STATUS_UNAVAILABLE, null, null, 0, null,
                null);
    }
}
