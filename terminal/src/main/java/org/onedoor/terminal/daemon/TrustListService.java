package org.onedoor.terminal.daemon;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.lifecycle.Service;
import org.onedoor.terminal.signed.CertificateType;
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
    private final Supplier<StatusResolver> resolver;
    private TrustListWatcher watcher;
    private volatile SignedCodes codes;

    /** @param resolver the status resolver, which checks a signed code's holder; asked for at start */
    TrustListService(TerminalConfig.Signed signed, Supplier<StatusResolver> resolver) {
        this.signed = signed;
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
        Set<CertificateType> accept = EnumSet.noneOf(CertificateType.class);
        signed.accept().forEach(letter -> CertificateType.fromLetter(letter).ifPresent(accept::add));
        DccPolicy policy = new DccPolicy(accept, signed.testMaxAge(), signed.completeDosesOnly(),
                signed.recoveryWithinValidity(), ZoneId.of("Asia/Shanghai"));
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
