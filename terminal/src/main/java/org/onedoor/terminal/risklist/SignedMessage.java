package org.onedoor.terminal.risklist;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/** A message as it arrived, with its Ed25519 signature over {@link CanonicalBytes}. */
record SignedMessage(RiskListMessage message, byte[] signature) {

    boolean verifiedBy(PublicKey countyKey) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(countyKey);
            verifier.update(CanonicalBytes.of(message));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            // A key of the wrong type is caught when it is read; what remains is a signature that does not fit.
            return false;
        }
    }
}
