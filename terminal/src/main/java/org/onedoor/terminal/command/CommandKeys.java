package org.onedoor.terminal.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.onedoor.terminal.risklist.SigningKeys;

/**
 * The county's command key pair on disk. The private key is PEM PKCS#8, as OpenSSL writes and reads it;
 * the public key is the one line of base64 (X.509 SubjectPublicKeyInfo) that a terminal's configuration holds.
 */
public final class CommandKeys {
    public static final String PRIVATE_FILE = "command.key";
    public static final String PUBLIC_FILE = "command.pub";
    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private CommandKeys() {
    }

    /**
     * Writes a new pair into {@code dir}: {@value #PRIVATE_FILE}, readable by its owner only from the moment
     * it exists, and {@value #PUBLIC_FILE}. Existing files are never overwritten.
     *
     * @return the public key, base64
     * @throws FileAlreadyExistsException when either file exists; nothing was written
     */
    public static String generate(Path dir) throws IOException {
        Path privateFile = dir.resolve(PRIVATE_FILE);
        Path publicFile = dir.resolve(PUBLIC_FILE);
        for (Path p : new Path[] {privateFile, publicFile}) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString());
            }
        }
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no Ed25519", e);
        }
        Files.createDirectories(dir);
        Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(privateFile, PEM_BEGIN + "\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
                + "\n" + PEM_END + "\n", StandardCharsets.US_ASCII);
        String publicKey = base64(pair.getPublic());
        Files.writeString(publicFile, publicKey + "\n", StandardCharsets.US_ASCII);
        return publicKey;
    }

    /** @throws IOException when the file cannot be read or holds no Ed25519 private key in PEM PKCS#8 */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!pem.startsWith(PEM_BEGIN) || !pem.endsWith(PEM_END)) {
            throw new IOException(file + " is not a PEM private key (" + PEM_BEGIN + ")");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(PEM_BEGIN.length(), pem.length() - PEM_END.length()));
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IOException(file + " holds no Ed25519 private key", e);
        }
    }

    /** @throws IllegalArgumentException when {@code base64} is not an Ed25519 public key in X.509 form */
    public static PublicKey publicKey(String base64) {
        return SigningKeys.publicKeyFromText(base64);
    }

    public static String base64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }
}
