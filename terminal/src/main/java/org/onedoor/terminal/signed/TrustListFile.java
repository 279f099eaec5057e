package org.onedoor.terminal.signed;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The signed trust-list file (docs/signed-codes.md): JSON with {@code format}, {@code version},
 * {@code issued_at}, {@code certificates} (base64 DER) and {@code signature}, an Ed25519
 * signature over bytes built from the fields, never over the JSON text.
 */
public final class TrustListFile {
    public static final String FORMAT = "onedoor-trust-list-1";
    /** Far above any real list (the EU gateway's ~1,000 certificates take under 2 MiB). */
    public static final int MAX_FILE_BYTES = 8 * 1024 * 1024;

    private static final Set<String> FIELDS = Set.of("format", "version", "issued_at", "certificates", "signature");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private TrustListFile() {
    }

    /** Reads and checks a signed list; refuses an unsigned or badly signed one. */
    public static TrustList read(Path file, PublicKey issuer) throws TrustListException {
        return parse(readCapped(file), issuer, file.toString());
    }

    static TrustList parse(byte[] content, PublicKey issuer, String name) throws TrustListException {
        Fields fields = fields(content, name);
        if (fields.signature == null) {
            throw new TrustListException(name + ": unsigned trust list refused (no \"signature\"); sign it with "
                    + "'onedoor trustlist sign'");
        }
        if (!verifies(issuer, signedBytes(fields.version, fields.issuedAt, fields.certificates), fields.signature)) {
            throw new TrustListException(name + ": signature does not verify with the issuer's public key "
                    + "(altered, or signed by another key)");
        }
        return TrustList.signed(certificates(fields.certificates, name), fields.version, fields.issuedAt);
    }

    /**
     * The certificates of a trust-list file with its signature left unchecked: only for the
     * technician's diagnostic {@code verify} command, never for a gate's decision.
     */
    public static TrustList readIgnoringSignature(Path file) throws TrustListException {
        Fields fields = fields(readCapped(file), file.toString());
        return TrustList.signed(certificates(fields.certificates, file.toString()), fields.version, fields.issuedAt);
    }

    /** The file's bytes for these certificates, signed by {@code key}. */
    public static byte[] sign(List<SigningCertificate> certificates, long version, Instant issuedAt, PrivateKey key)
            throws TrustListException {
        if (version < 0) {
            throw new TrustListException("version must be 0 or more");
        }
        Instant whole = Instant.ofEpochSecond(issuedAt.getEpochSecond());
        List<byte[]> ders = certificates.stream().map(SigningCertificate::der).toList();
        byte[] signature;
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(signedBytes(version, whole, ders));
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new TrustListException("cannot sign with this key: " + e.getMessage(), e);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", version);
        root.put("issued_at", whole.toString());
        ArrayNode list = root.putArray("certificates");
        ders.forEach(der -> list.add(Base64.getEncoder().encodeToString(der)));
        root.put("signature", Base64.getEncoder().encodeToString(signature));
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /**
     * The signed bytes: ASCII {@code "onedoor-trust-list-1\n"}, then big-endian the version (8
     * bytes), issued_at in seconds since the epoch (8 bytes), the number of certificates (4 bytes),
     * and each certificate in file order as its length (4 bytes) and its DER bytes.
     */
    static byte[] signedBytes(long version, Instant issuedAt, List<byte[]> certificates) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write((FORMAT + "\n").getBytes(StandardCharsets.US_ASCII));
            out.writeLong(version);
            out.writeLong(issuedAt.getEpochSecond());
            out.writeInt(certificates.size());
            for (byte[] der : certificates) {
                out.writeInt(der.length);
                out.write(der);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory does not fail", e);
        }
        return bytes.toByteArray();
    }

    private record Fields(long version, Instant issuedAt, List<byte[]> certificates, byte[] signature) {
    }

    private static Fields fields(byte[] content, String name) throws TrustListException {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (IOException e) {
            throw new TrustListException(name + ": not a JSON trust list");
        }
        if (root == null || !root.isObject()) {
            throw new TrustListException(name + ": not a JSON trust list");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new TrustListException(name + ": unknown field \"" + field + "\" (it would not be signed)");
            }
        }
        if (!FORMAT.equals(root.path("format").textValue())) {
            throw new TrustListException(name + ": \"format\" must be \"" + FORMAT + "\"");
        }
        JsonNode version = root.path("version");
        if (!version.canConvertToExactIntegral() || !version.canConvertToLong() || version.longValue() < 0) {
            throw new TrustListException(name + ": \"version\" must be a whole number, 0 or more");
        }
        Instant issuedAt = ClockText.parse(root.path("issued_at").textValue())
                .filter(at -> at.getNano() == 0)
                .orElseThrow(() -> new TrustListException(name + ": \"issued_at\" must be an ISO-8601 time in whole "
                        + "seconds"));
        JsonNode list = root.path("certificates");
        if (!list.isArray()) {
            throw new TrustListException(name + ": \"certificates\" must be a list of base64 DER certificates");
        }
        List<byte[]> ders = new ArrayList<>();
        for (JsonNode item : list) {
            ders.add(base64(item, name + ": certificate " + (ders.size() + 1)));
        }
        byte[] signature = root.has("signature") ? base64(root.get("signature"), name + ": signature") : null;
        return new Fields(version.longValue(), issuedAt, ders, signature);
    }

    private static byte[] base64(JsonNode node, String what) throws TrustListException {
        try {
            if (node.isTextual()) {
                return Base64.getDecoder().decode(node.textValue());
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new TrustListException(what + " is not base64 text");
    }

    private static boolean verifies(PublicKey issuer, byte[] signed, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(issuer);
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static List<SigningCertificate> certificates(List<byte[]> ders, String name) throws TrustListException {
        List<SigningCertificate> certificates = new ArrayList<>();
        for (byte[] der : ders) {
            try {
                certificates.add(SigningCertificate.fromDer(der));
            } catch (TrustListException e) {
                throw new TrustListException(name + ": certificate " + (certificates.size() + 1) + " is "
                        + e.getMessage());
            }
        }
        return certificates;
    }

    static byte[] readCapped(Path file) throws TrustListException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] content = in.readNBytes(MAX_FILE_BYTES + 1);
            if (content.length > MAX_FILE_BYTES) {
                throw new TrustListException(file + ": larger than " + MAX_FILE_BYTES + " bytes");
            }
            return content;
        } catch (IOException e) {
            throw new TrustListException(file + ": cannot read (" + e + ")", e);
        }
    }
}
