package org.onedoor.terminal.signed;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The facts of a certificate's single entry that a policy needs, and nothing that names the
 * holder: no name, no birth date, no certificate identifier.
 */
public sealed interface DccEntry {
    CertificateType type();

    /** Dose {@code dose} of {@code ofDoses}, given on {@code date}. */
    record Vaccination(int dose, int ofDoses, LocalDate date) implements DccEntry {
        @Override
        public CertificateType type() {
            return CertificateType.VACCINATION;
        }
    }

    /** A sample taken at {@code sampledAt}; {@code detected} when the result is positive. */
    record Test(Instant sampledAt, boolean detected) implements DccEntry {
        @Override
        public CertificateType type() {
            return CertificateType.TEST;
        }
    }

    /** A recovery statement valid from {@code validFrom} to {@code validUntil}, both days included. */
    record Recovery(LocalDate validFrom, LocalDate validUntil) implements DccEntry {
        @Override
        public CertificateType type() {
            return CertificateType.RECOVERY;
        }
    }
}
