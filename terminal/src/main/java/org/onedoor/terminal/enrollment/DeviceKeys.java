package org.onedoor.terminal.enrollment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.risklist.SigningKeys;

/**
 * A terminal's own Ed25519 device key: the private half in PKCS#8 PEM, readable by its owner only, and the public
 * half beside it in the one-line base64 form ({@code device.key} and {@code device.pub}). The JDK cannot derive an
 * Ed25519 public key from its private key, so both are kept, and {@link #read} checks that they are one pair.
 * Made once, never overwritten: the county's approval binds this key.
 */
public final class DeviceKeys {
    private DeviceKeys() {
    }

    /** {@code device.key} → {@code device.pub}, in the same directory. */
    public static Path publicFile(Path privateFile) {
        Path fileName = privateFile.getFileName();
        if (fileName == null) {
            throw new IllegalArgumentException("a key file needs a name: " + privateFile);
        }
        String name = fileName.toString();
        int dot = name.lastIndexOf('.');
        return privateFile.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".pub");
    }

    /**
     * @return the public key, base64
     * @throws FileAlreadyExistsException when either file exists; nothing was written
     */
    public static String generate(Path privateFile) throws IOException {
        Path publicFile = publicFile(privateFile);
        for (Path p : new Path[] {privateFile, publicFile}) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString());
            }
        }
        KeyPair pair = SigningKeys.generate();
        SecretFiles.writeNew(privateFile, SigningKeys.privateKeyPem(pair.getPrivate()));
        String publicKey = SigningKeys.publicKeyText(pair.getPublic());
        Files.writeString(publicFile, publicKey + "\n", StandardCharsets.US_ASCII);
        return publicKey;
    }

    /** Both halves, checked to be owner-only and to belong together; errors name the file. */
    public static KeyPair read(Path privateFile) throws IOException {
        if (!Files.exists(privateFile)) {
            throw new IOException(privateFile + ": no such file");
        }
        SecretFiles.requireOwnerOnly(privateFile);
        PrivateKey privateKey = SigningKeys.readPrivateKey(privateFile);
        Path publicFile = publicFile(privateFile);
        PublicKey publicKey;
        try {
            publicKey = SigningKeys.publicKeyFromText(Files.readString(publicFile, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IOException(publicFile + ": " + e.getMessage());
        }
        if (!pair(privateKey, publicKey)) {
            throw new IOException(publicFile + " is not the public half of " + privateFile);
        }
        return new KeyPair(publicKey, privateKey);
    }

    /** SHA-256 of the public key's X.509 form, hex: what the identity message and the register show. */
    public static String fingerprint(String publicKeyBase64) {
        try {
            byte[] der = java.util.Base64.getDecoder().decode(publicKeyBase64);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static boolean pair(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] probe = "onedoor-device-key-pair".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(probe);
            byte[] signature = s.sign();
            s.initVerify(publicKey);
            s.update(probe);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
