package org.onedoor.terminal.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.onedoor.drivers.logging.RepeatLimiter;
import org.tinylog.Logger;

/**
 * Decides whether a command delivered on {@code cmd/{name}} may run (docs/commands.md). The checks go
 * from the cheapest and surest to the ones that depend on the clock, and the request id is spent last,
 * so only a command that passed every other check can use it up. Hostile input gets a refusal, never an
 * exception.
 */
public final class CommandVerifier {
    /** How far ahead of this terminal's clock the county's may be when it issues a command. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(30);
    /** The longest a signed command may stay usable: a leaked one must not open a gate days later. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(10);

    /** Command names are short lower-case words; a result is published only under such a name. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final PublicKey commandKey;
    private final Target self;
    private final Clock clock;
    /** Refused commands come from the network, as fast as anyone sends them: one line a minute per reason. */
    private final RepeatLimiter repeats = new RepeatLimiter();
    private final BooleanSupplier clockSynchronised;
    private final SeenIds seenIds;

    /**
     * @param commandKey        the county's Ed25519 command key (not its risk-list key)
     * @param self              this terminal
     * @param clockSynchronised true only while the system clock is known to be right
     */
    public CommandVerifier(PublicKey commandKey, Target self, Clock clock, BooleanSupplier clockSynchronised,
                           SeenIds seenIds) {
        if (!"EdDSA".equals(commandKey.getAlgorithm()) && !"Ed25519".equals(commandKey.getAlgorithm())) {
            throw new IllegalArgumentException("the command key must be an Ed25519 key, not " + commandKey.getAlgorithm());
        }
        this.commandKey = commandKey;
        this.self = Objects.requireNonNull(self, "self");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSynchronised = Objects.requireNonNull(clockSynchronised, "clockSynchronised");
        this.seenIds = Objects.requireNonNull(seenIds, "seenIds");
    }

    /**
     * @param name     the last level of the topic it came on
     * @param payload  the message as delivered
     * @param retained the message's retain flag
     */
    public Verdict verify(String name, byte[] payload, boolean retained) {
        String safeName = name != null && NAME.matcher(name).matches() ? name : null;
        Optional<ObjectNode> tree = CommandSyntax.parseObject(payload);
        String requestId = tree.map(t -> t.get("request_id")).filter(JsonNode::isTextual).map(JsonNode::textValue)
                .filter(SignedCommand::isRequestId).orElse(null);
        Verdict verdict;
        try {
            verdict = check(safeName, requestId, tree, retained);
        } catch (RuntimeException e) {
            Logger.error(e, "command {}: verification failed", safeName);
            verdict = new Verdict.Refused(safeName, requestId, Refusal.MALFORMED);
        }
        if (verdict.accepted()) {
            Logger.info("command {} (request {}) accepted", safeName, requestId);
        } else {
            String reason = verdict.reason();
            repeats.admit("refused " + reason).ifPresent(held -> Logger.warn(
                    "command {} (request {}) refused: {}{}", safeName, requestId, reason, held));
        }
        return verdict;
    }

    /**
     * The checks that cost no signature verification — name, size, syntax, a signature of the right shape — for
     * screening a message before it is queued. Empty when the message deserves {@link #verify}: a retained
     * message does too, since its refusal is cheap and tells the county its mistake. Otherwise the refusal of a
     * message that is junk (unknown, malformed, unsigned), which gets no result: anyone may send it, as fast
     * as they like, and answering each would let them crowd out the answers that matter.
     */
    public Optional<Refusal> screen(String name, byte[] payload, boolean retained) {
        if (retained) {
            return Optional.empty();
        }
        if (name == null || !NAME.matcher(name).matches() || !CommandSyntax.isKnown(name)) {
            return Optional.of(Refusal.UNKNOWN_COMMAND);
        }
        Optional<ObjectNode> tree = CommandSyntax.parseObject(payload);
        if (tree.isEmpty()) {
            return Optional.of(Refusal.MALFORMED);
        }
        if (!CommandSyntax.hasSignature(tree.get())) {
            return Optional.of(Refusal.UNSIGNED);
        }
        try {
            CommandSyntax.read(name, tree.get());
        } catch (InvalidCommandException | RuntimeException e) {
            return Optional.of(Refusal.MALFORMED);
        }
        return CommandSyntax.signature(tree.get()).isEmpty() ? Optional.of(Refusal.BAD_SIGNATURE) : Optional.empty();
    }

    private Verdict check(String name, String requestId, Optional<ObjectNode> tree, boolean retained) {
        Function<Refusal, Verdict> refused = refusal -> new Verdict.Refused(name, requestId, refusal);
        if (retained) {
            return refused.apply(Refusal.RETAINED);
        }
        if (name == null || !CommandSyntax.isKnown(name)) {
            return refused.apply(Refusal.UNKNOWN_COMMAND);
        }
        if (tree.isEmpty()) {
            return refused.apply(Refusal.MALFORMED);
        }
        if (!CommandSyntax.hasSignature(tree.get())) {
            return refused.apply(Refusal.UNSIGNED);
        }
        SignedCommand command;
        try {
            command = CommandSyntax.read(name, tree.get());
        } catch (InvalidCommandException e) {
            Logger.debug("command {}: {}", name, e.getMessage());
            return refused.apply(Refusal.MALFORMED);
        }
        Optional<byte[]> signature = CommandSyntax.signature(tree.get());
        if (signature.isEmpty() || !verifies(command, signature.get())) {
            return refused.apply(Refusal.BAD_SIGNATURE);
        }
        return checkSigned(command);
    }

    /** The checks that mean something only for a command the county did sign. */
    private Verdict checkSigned(SignedCommand command) {
        if (!command.target().equals(self)) {
            return refused(command, Refusal.WRONG_TARGET);
        }
        if (Duration.between(command.issuedAt(), command.expiresAt()).compareTo(MAX_LIFETIME) > 0) {
            return refused(command, Refusal.TOO_LONG_LIVED);
        }
        if (!clockSynchronised.getAsBoolean()) {
            return refused(command, Refusal.CLOCK_NOT_SYNCHRONISED);
        }
        Instant now = clock.instant();
        if (command.issuedAt().isAfter(now.plus(MAX_CLOCK_SKEW))) {
            return refused(command, Refusal.NOT_YET_VALID);
        }
        if (!now.isBefore(command.expiresAt())) {
            return refused(command, Refusal.EXPIRED);
        }
        return spend(command);
    }

    private Verdict spend(SignedCommand command) {
        try {
            // Kept past expiry by the skew: a clock stepped back by a little must not make a spent id new again.
            if (!seenIds.firstSighting(command.requestId(), command.expiresAt().plus(MAX_CLOCK_SKEW))) {
                return refused(command, Refusal.REPLAYED);
            }
        } catch (SQLException e) {
            Logger.error("command {}: its request id could not be recorded: {}", command.command().name(), e.getMessage());
            return refused(command, Refusal.UNRECORDABLE);
        }
        return new Verdict.Accepted(command);
    }

    private boolean verifies(SignedCommand command, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(commandKey);
            verifier.update(CanonicalForm.of(command));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Verdict refused(SignedCommand command, Refusal refusal) {
        return new Verdict.Refused(command.command().name(), command.requestId(), refusal);
    }
}
