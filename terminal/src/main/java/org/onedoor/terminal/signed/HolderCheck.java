package org.onedoor.terminal.signed;

import java.util.Optional;
import org.onedoor.terminal.status.Resolution;

/** What the terminal knows of a certificate's holder beyond the certificate itself: the county's risk list. */
@FunctionalInterface
public interface HolderCheck {
    /**
     * @param signed  the resolution the certificate earned on its own
     * @param subject the holder's subject ({@link DccSubject}) of a certificate whose signature verified; empty
     *                when it names nobody. Goes no further than the check.
     * @return {@code signed}, overruled by the list when it lists the holder, with the holder's pseudonym
     */
    Resolution judge(Resolution signed, Optional<String> subject);
}
