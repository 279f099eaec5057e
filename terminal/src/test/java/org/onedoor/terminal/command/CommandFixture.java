package org.onedoor.terminal.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** A county key pair, a terminal, and signed commands for it that tests can bend. */
final class CommandFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Target SELF = new Target("430124", "xiangjiang-market", "t-0001");
    static final Instant ISSUED = Instant.parse("2026-11-21T08:15:00Z");
    static final Instant EXPIRES = ISSUED.plus(Duration.ofSeconds(60));
    /** The terminal's time in most tests: ten seconds after the command was issued. */
    static final Instant NOW = ISSUED.plusSeconds(10);

    final KeyPair county = generate();
    final CommandSigner signer = new CommandSigner(county.getPrivate(), Clock.systemUTC());

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static SignedCommand command(String requestId, Command command) {
        return new SignedCommand(SELF, requestId, ISSUED, EXPIRES, command);
    }

    static SignedCommand open(String requestId) {
        return command(requestId, new Command.Open("east", "送货车辆，已人工核验"));
    }

    byte[] signed(SignedCommand c) {
        return signer.sign(c);
    }

    /** The signed payload with its JSON changed afterwards: the signature no longer matches, unless it was not touched. */
    byte[] edited(SignedCommand c, Consumer<ObjectNode> edit) {
        try {
            ObjectNode tree = (ObjectNode) JSON.readTree(signed(c));
            edit.accept(tree);
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
