package org.onedoor.terminal.risklist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The county's Ed25519 risk-list keys in their text forms: the private key as PKCS#8 PEM (what
 * {@code openssl genpkey -algorithm ed25519} writes), the public key as one line of base64 of its
 * X.509 SubjectPublicKeyInfo DER, the form the terminal's configuration takes.
 */
public final class SigningKeys {
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private SigningKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", e);
        }
    }

    public static String privateKeyPem(PrivateKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return PEM_BEGIN + "\n" + body + "\n" + PEM_END + "\n";
    }

    /** Reads a PKCS#8 PEM Ed25519 private key; errors name the file, never quote it. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (!text.startsWith(PEM_BEGIN) || !text.endsWith(PEM_END)) {
            throw new IOException(file + ": not a PKCS#8 PEM private key (" + PEM_BEGIN + ")");
        }
        String body = text.substring(PEM_BEGIN.length(), text.length() - PEM_END.length()).replaceAll("\\s", "");
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(base64(body)));
            requireEd25519(key);
            return key;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IOException(file + ": not an Ed25519 private key");
        }
    }

    public static String publicKeyText(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * The public key from its one-line text form.
     *
     * @throws IllegalArgumentException when the text is not base64 of an Ed25519 SubjectPublicKeyInfo
     */
    public static PublicKey publicKeyFromText(String text) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(base64(text.trim())));
            requireEd25519(key);
            return key;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key (base64 of its X.509 SubjectPublicKeyInfo)");
        }
    }

    private static byte[] base64(String text) throws InvalidKeySpecException {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidKeySpecException("not base64");
        }
    }

    static boolean isEd25519(Object key) {
        return key instanceof EdECKey edec && NamedParameterSpec.ED25519.getName().equals(edec.getParams().getName());
    }

    private static void requireEd25519(Object key) throws InvalidKeySpecException {
        if (!isEd25519(key)) {
            throw new InvalidKeySpecException("not Ed25519");
        }
    }
}
