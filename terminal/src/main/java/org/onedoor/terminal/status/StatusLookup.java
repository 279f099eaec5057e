package org.onedoor.terminal.status;

import java.util.Optional;

/** What a lane needs to know about a recognised code: its holder's health status, however it is found. */
public interface StatusLookup {
    /**
     * @param subjectFromCode the subject the code's profile extracted from the scanned text, when it has
     *                        one; only such a code can be answered before the service is asked
     */
    Resolution resolve(VerifyRequest request, Optional<String> subjectFromCode);
}
