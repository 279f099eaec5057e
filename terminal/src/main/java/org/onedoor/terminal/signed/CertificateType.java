package org.onedoor.terminal.signed;

import java.util.Set;

/** What a health certificate states: a vaccination, a test or a recovery. */
public enum CertificateType {
    VACCINATION("v", "2"), TEST("t", "1"), RECOVERY("r", "3");

    private final String letter;
    private final Set<String> keyUsageOids;

    CertificateType(String letter, String oidArc) {
        this.letter = letter;
        // The specification's OIDs, and the variant with a stray ".0" that early signing certificates carry.
        this.keyUsageOids = Set.of("1.3.6.1.4.1.1847.2021.1." + oidArc, "1.3.6.1.4.1.0.1847.2021.1." + oidArc);
    }

    /** The key of its entry list in the certificate, and its name in output and configuration. */
    public String letter() {
        return letter;
    }

    /** Extended-key-usage OIDs that allow a signing certificate to sign this type. */
    Set<String> keyUsageOids() {
        return keyUsageOids;
    }
}
