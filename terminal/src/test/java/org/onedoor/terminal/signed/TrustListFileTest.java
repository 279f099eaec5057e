package org.onedoor.terminal.signed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustListFileTest {
    static final Instant ISSUED = Instant.parse("2025-06-01T08:00:00Z");
    private static final List<SigningCertificate> CERTIFICATES = List.of(TestCodes.signer("ec-any").certificate(),
            TestCodes.signer("rsa-any").certificate());
    private static final KeyPair ISSUER = IssuerKeys.generate();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aSignedListLoadsWithItsVersionTimeAndKeys() throws Exception {
        Path file = write(TrustListFile.sign(CERTIFICATES, 7, ISSUED, ISSUER.getPrivate()));
        TrustList list = TrustListFile.read(file, ISSUER.getPublic());
        assertEquals(2, list.size());
        assertEquals(7, list.version());
        assertEquals(Optional.of(ISSUED), list.issuedAt());
        assertEquals(Optional.of(Duration.ofHours(5)), list.age(ISSUED.plus(Duration.ofHours(5))));
        for (SigningCertificate c : CERTIFICATES) {
            assertEquals(1, list.candidates(c.kid()).size());
        }
        assertEquals(List.of(), list.candidates(new byte[8]));
    }

    @Test
    void theSignatureCoversTheFieldsNotTheJsonText() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(TrustListFile.sign(CERTIFICATES, 7, ISSUED, ISSUER.getPrivate()));
        ObjectNode reordered = JSON.createObjectNode();
        reordered.set("signature", root.get("signature"));
        reordered.set("certificates", root.get("certificates"));
        reordered.put("issued_at", "2025-06-01T10:00:00+02:00");
        reordered.set("version", root.get("version"));
        reordered.set("format", root.get("format"));
        Path file = write(JSON.writeValueAsBytes(reordered));
        assertEquals(2, TrustListFile.read(file, ISSUER.getPublic()).size());
    }

    @Test
    void unsignedAndBadlySignedListsAreRefused() throws Exception {
        byte[] signed = TrustListFile.sign(CERTIFICATES, 7, ISSUED, ISSUER.getPrivate());
        ObjectNode unsigned = (ObjectNode) JSON.readTree(signed);
        unsigned.remove("signature");
        assertRefused(JSON.writeValueAsBytes(unsigned), "unsigned trust list refused");

        assertRefused(TrustListFile.sign(CERTIFICATES, 7, ISSUED, IssuerKeys.generate().getPrivate()),
                "signature does not verify");
        assertRefused(edit(signed, "version", 8), "signature does not verify");
        assertRefused(edit(signed, "issued_at", "2025-06-01T08:00:01Z"), "signature does not verify");
        ObjectNode fewer = (ObjectNode) JSON.readTree(signed);
        fewer.withArray("certificates").remove(1);
        assertRefused(JSON.writeValueAsBytes(fewer), "signature does not verify");
        ObjectNode extra = (ObjectNode) JSON.readTree(signed);
        extra.put("note", "trust me");
        assertRefused(JSON.writeValueAsBytes(extra), "unknown field \"note\"");
    }

    @Test
    void malformedFilesAreRefusedWithTheirDefect() throws Exception {
        byte[] signed = TrustListFile.sign(CERTIFICATES, 7, ISSUED, ISSUER.getPrivate());
        assertRefused("not json".getBytes(StandardCharsets.UTF_8), "not a JSON trust list");
        assertRefused("[]".getBytes(StandardCharsets.UTF_8), "not a JSON trust list");
        assertRefused(edit(signed, "format", "other"), "\"format\" must be");
        assertRefused(edit(signed, "version", -1), "\"version\" must be");
        assertRefused(edit(signed, "version", "7"), "\"version\" must be");
        assertRefused(edit(signed, "issued_at", "2025-06-01T08:00:00.5Z"), "whole seconds");
        assertRefused(edit(signed, "signature", "***"), "signature is not base64");
        ObjectNode badCertificate = (ObjectNode) JSON.readTree(signed);
        badCertificate.withArray("certificates").set(0, JSON.getNodeFactory().textNode("AAAA"));
        assertRefused(JSON.writeValueAsBytes(badCertificate), "signature does not verify");
    }

    @Test
    void aSignedListOfJunkCertificatesNamesTheCertificate() throws Exception {
        byte[] signedBytes = TrustListFile.signedBytes(1, ISSUED, List.of(new byte[] {1, 2, 3}));
        java.security.Signature s = java.security.Signature.getInstance("Ed25519");
        s.initSign(ISSUER.getPrivate());
        s.update(signedBytes);
        ObjectNode root = JSON.createObjectNode().put("format", TrustListFile.FORMAT).put("version", 1)
                .put("issued_at", ISSUED.toString());
        root.putArray("certificates").add("AQID");
        root.put("signature", java.util.Base64.getEncoder().encodeToString(s.sign()));
        assertRefused(JSON.writeValueAsBytes(root), "certificate 1 is not an X.509 certificate");
    }

    @Test
    void issuerKeysRoundTripThroughPemFiles() throws Exception {
        Path privateFile = dir.resolve("issuer.key");
        Path publicFile = dir.resolve("issuer.pub");
        IssuerKeys.writePrivate(privateFile, ISSUER.getPrivate());
        IssuerKeys.writePublic(publicFile, ISSUER.getPublic());
        Path file = write(TrustListFile.sign(CERTIFICATES, 1, ISSUED, IssuerKeys.readPrivate(privateFile)));
        assertEquals(2, TrustListFile.read(file, IssuerKeys.readPublic(publicFile)).size());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(privateFile)));
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> IssuerKeys.writePrivate(privateFile, ISSUER.getPrivate()));
        TrustListException notAKey = assertThrows(TrustListException.class, () -> IssuerKeys.readPublic(privateFile));
        assertTrue(notAKey.getMessage().contains("no PEM block"), notAKey.getMessage());
    }

    private byte[] edit(byte[] signed, String field, Object value) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(signed);
        root.set(field, JSON.valueToTree(value));
        return JSON.writeValueAsBytes(root);
    }

    private void assertRefused(byte[] content, String why) throws Exception {
        Path file = write(content);
        TrustListException e = assertThrows(TrustListException.class, () -> TrustListFile.read(file, ISSUER.getPublic()));
        assertTrue(e.getMessage().contains(why), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    }

    private Path write(byte[] content) throws Exception {
        Path file = Files.createTempFile(dir, "trust", ".json");
        Files.write(file, content);
        return file;
    }
}
