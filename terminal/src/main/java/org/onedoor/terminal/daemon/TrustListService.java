package org.onedoor.terminal.daemon;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Supplier;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.lifecycle.Service;
import org.onedoor.terminal.signed.DccPolicy;
import org.onedoor.terminal.signed.SignedCodes;
import org.onedoor.terminal.signed.TrustListException;
import org.onedoor.terminal.signed.TrustListWatcher;
import org.onedoor.terminal.status.StatusResolver;

/**
 * {@code [signed]}: the trust list, read and checked at start (an unusable one is a configuration error) and
 * watched for changes, and the signed codes judged against it.
 */
final class TrustListService implements Service {
    private final TerminalConfig.Signed signed;
    private final ZoneId zone;
    private final Supplier<StatusResolver> resolver;
    private TrustListWatcher watcher;
    private volatile SignedCodes codes;

    /**
     * @param zone     the venue's time zone, in which a date-only certificate field is judged
     * @param resolver the status resolver, which checks a signed code's holder; asked for at start
     */
    TrustListService(TerminalConfig.Signed signed, ZoneId zone, Supplier<StatusResolver> resolver) {
        this.signed = signed;
        this.zone = zone;
        this.resolver = resolver;
    }

    @Override
    public String name() {
        return "trust list watcher";
    }

    @Override
    public void start() throws StartupException {
        try {
            watcher = new TrustListWatcher(signed.trustList(), signed.trustPublicKey());
        } catch (TrustListException e) {
            throw new StartupException("signed.trust_list: " + e.getMessage(), true, e);
        }
        watcher.start(signed.trustPoll());
        DccPolicy policy = new DccPolicy(signed.accept(), signed.testMaxAge(), signed.completeDosesOnly(),
                signed.recoveryWithinValidity(), zone);
        codes = new SignedCodes(watcher, policy, resolver.get()::ofSignedHolder, signed.trustMaxAge(),
                Clock.systemUTC());
    }

    @Override
    public void stop() {
        watcher.close();
    }

    SignedCodes codes() {
        return codes;
    }

    /** Whether the trust list in force is past its age limit: signed codes are then not judged. */
    boolean stale() {
        SignedCodes current = codes;
        return current != null && current.stale(Instant.now());
    }

    Optional<Instant> issuedAt() {
        return Optional.ofNullable(codes).map(SignedCodes::trustIssuedAt);
    }
}
