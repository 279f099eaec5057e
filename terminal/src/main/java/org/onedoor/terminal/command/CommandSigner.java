package org.onedoor.terminal.command;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Signs commands with the county's command key, for the command line and for tests. */
public final class CommandSigner {
    private final PrivateKey key;
    private final Clock clock;

    public CommandSigner(PrivateKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    /**
     * A command for {@code target}, issued now (to the second) with a new random request id.
     *
     * @param ttl how long it stays usable, at most {@link CommandVerifier#MAX_LIFETIME}, in whole seconds
     * @return the JSON to publish on {@code cmd/{name}}, never with the retain flag
     */
    public byte[] sign(Target target, Duration ttl, Command command) {
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(CommandVerifier.MAX_LIFETIME) > 0
                || ttl.getNano() != 0) {
            throw new IllegalArgumentException("the time to live must be whole seconds from 1 s to "
                    + CommandVerifier.MAX_LIFETIME.toMinutes() + " min; a terminal refuses longer-lived commands");
        }
        Instant issued = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return sign(new SignedCommand(target, UUID.randomUUID().toString(), issued, issued.plus(ttl), command));
    }

    /** Exactly this command, as given. */
    public byte[] sign(SignedCommand command) {
        return CommandSyntax.write(command, signature(command));
    }

    /** The Ed25519 signature of the command's canonical form (Ed25519 is deterministic: same key, same bytes). */
    public byte[] signature(SignedCommand command) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(CanonicalForm.of(command));
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with this key: " + e.getMessage(), e);
        }
    }
}
