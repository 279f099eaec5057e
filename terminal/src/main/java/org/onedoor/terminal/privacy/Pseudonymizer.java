package org.onedoor.terminal.privacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one key per person: HMAC-SHA-256 of the subject under the terminal's key, as lower-case hex.
 * Only pseudonyms are stored or published; the subject itself never leaves memory.
 */
public final class Pseudonymizer {
    public static final int MIN_KEY_BYTES = 32;
    private final SecretKeySpec key;
    /**
     * One initialised Mac per thread: a Mac is not thread-safe, and looking one up and keying it on
     * every call cost more than the hash itself, twice per scan on the way to the relay.
     */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    public Pseudonymizer(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a pseudonym key needs at least " + MIN_KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** Reads a key file: one line of base64 holding at least 32 bytes (see {@link #writeNewKey}). */
    public static Pseudonymizer fromKeyFile(Path file) throws IOException {
        return new Pseudonymizer(SecretFiles.readKey(file, MIN_KEY_BYTES));
    }

    /** Writes a fresh random key, readable by its owner only, replacing the file if it exists. */
    public static void writeNewKey(Path file) throws IOException {
        byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Files.deleteIfExists(file);
        SecretFiles.writeNewKey(file, key);
    }

    public String pseudonym(String subject) {
        return HexFormat.of().formatHex(macs.get().doFinal(subject.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java 17 runtime", e);
        }
    }
}
