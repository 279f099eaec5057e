package org.onedoor.terminal.signed;

import com.upokecenter.cbor.CBORObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.zip.Deflater;

/**
 * Builds HC1 codes signed by the test signers in {@code signed/test-signers.p12} (made with the
 * JDK's keytool, valid 2020 to 2119): {@code ec-any} (no key usage), {@code ec-vaccination}
 * (vaccinations only) and {@code rsa-any}. Every layer can be bent, to build hostile codes that
 * are still properly signed.
 */
public final class TestCodes {
    static final Instant ISSUED = Instant.parse("2024-03-01T08:00:00Z");
    static final Instant EXPIRES = Instant.parse("2025-03-01T08:00:00Z");
    static final Instant DURING = Instant.parse("2024-06-01T12:00:00Z");

    public record Signer(PrivateKey key, SigningCertificate certificate, int algorithm) {
    }

    public static Signer signer(String alias) {
        try (InputStream in = TestCodes.class.getResourceAsStream("/signed/test-signers.p12")) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, "onedoor".toCharArray());
            PrivateKey key = (PrivateKey) store.getKey(alias, "onedoor".toCharArray());
            SigningCertificate certificate = SigningCertificate.fromDer(store.getCertificate(alias).getEncoded());
            return new Signer(key, certificate, key.getAlgorithm().equals("RSA") ? CoseSign1.PS256 : CoseSign1.ES256);
        } catch (Exception e) {
            throw new IllegalStateException("test signer " + alias, e);
        }
    }

    /** A vaccination entry, dose {@code dose} of {@code of}; no name, no birth date. */
    public static CBORObject vaccination(int dose, int of) {
        return CBORObject.NewMap().Add("ver", "1.3.0").Add("v", CBORObject.NewArray().Add(CBORObject.NewMap()
                .Add("tg", "840539006").Add("dn", dose).Add("sd", of).Add("dt", "2024-02-01").Add("co", "XX")));
    }

    /** A complete vaccination naming its holder as issuers do: names, ICAO 9303 transliterations, birth date. */
    public static CBORObject vaccinationOf(String surname, String surnameIcao, String given, String givenIcao,
                                           String dateOfBirth) {
        return vaccination(2, 2).Add("nam", CBORObject.NewMap().Add("fn", surname).Add("fnt", surnameIcao)
                .Add("gn", given).Add("gnt", givenIcao)).Add("dob", dateOfBirth);
    }

    /** {@code certificate} signed by {@code ec-any}, issued an hour ago, valid for a year from now. */
    public static String fresh(CBORObject certificate) {
        Instant now = Instant.now();
        return code(signer("ec-any"), claims(certificate, now.minusSeconds(3600), now.plusSeconds(365L * 86400))
                .EncodeToBytes());
    }

    static CBORObject test(String sampledAt, boolean detected) {
        return CBORObject.NewMap().Add("ver", "1.3.0").Add("t", CBORObject.NewArray().Add(CBORObject.NewMap()
                .Add("tg", "840539006").Add("sc", sampledAt).Add("tr", detected ? "260373001" : "260415000")));
    }

    static CBORObject recovery(String from, String until) {
        return CBORObject.NewMap().Add("ver", "1.3.0").Add("r", CBORObject.NewArray().Add(CBORObject.NewMap()
                .Add("tg", "840539006").Add("df", from).Add("du", until)));
    }

    public static CBORObject claims(CBORObject certificate, Instant issued, Instant expires) {
        return CBORObject.NewMap().Add(1, "XX").Add(6, issued.getEpochSecond()).Add(4, expires.getEpochSecond())
                .Add(-260, CBORObject.NewMap().Add(1, certificate));
    }

    static String code(Signer signer, CBORObject certificate) {
        return code(signer, claims(certificate, ISSUED, EXPIRES).EncodeToBytes());
    }

    public static String code(Signer signer, byte[] payload) {
        return hc1(deflate(sign1(signer, payload)));
    }

    /** A tagged COSE_Sign1 with the signer's kid and algorithm in the protected header. */
    static byte[] sign1(Signer signer, byte[] payload) {
        byte[] protectedHeader = CBORObject.NewMap().Add(1, signer.algorithm()).Add(4, signer.certificate().kid())
                .EncodeToBytes();
        return CBORObject.FromObjectAndTag(CBORObject.NewArray().Add(protectedHeader).Add(CBORObject.NewMap())
                .Add(payload).Add(signature(signer, protectedHeader, payload)), 18).EncodeToBytes();
    }

    static byte[] signature(Signer signer, byte[] protectedHeader, byte[] payload) {
        byte[] toBeSigned = new CoseSign1(protectedHeader, signer.algorithm(), null, payload, null).toBeSigned();
        try {
            Signature s;
            if (signer.algorithm() == CoseSign1.ES256) {
                s = Signature.getInstance("SHA256withECDSAinP1363Format");
            } else {
                s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            }
            s.initSign(signer.key());
            s.update(toBeSigned);
            return s.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 34-character hostile code: 450 nested arrays, uncompressed. */
    public static final String NESTED_450 = "HC1:NCFAQD3AB2FR*E1W57T9E000.RU$+S";

    /** {@code depth} nested one-item arrays around an empty one, compressed: 60,000 levels fit in 127 characters. */
    public static String nestedArrays(int depth) {
        byte[] cbor = new byte[depth + 1];
        java.util.Arrays.fill(cbor, 0, depth, (byte) 0x81);
        cbor[depth] = (byte) 0x80;
        return hc1(deflate(cbor));
    }

    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(9);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    static String hc1(byte[] data) {
        return SignedCodeVerifier.PREFIX + base45(data);
    }

    static String base45(byte[] data) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < data.length; i += 2) {
            if (i + 1 < data.length) {
                int n = ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
                out.append(alphabet.charAt(n % 45)).append(alphabet.charAt(n / 45 % 45)).append(alphabet.charAt(n / 2025));
            } else {
                int n = data[i] & 0xFF;
                out.append(alphabet.charAt(n % 45)).append(alphabet.charAt(n / 45));
            }
        }
        return out.toString();
    }
}
