package org.onedoor.terminal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts from the PEM files an administrator has: a CA that alone is trusted (a county's own CA) and,
 * for brokers that ask for one, a client certificate with its PKCS#8 key. Errors name the file and what is
 * wrong with it, never the file's contents.
 */
public final class PemTls {
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {
    }

    /**
     * @param caFile     the only CAs trusted; empty for the JDK's default trust
     * @param clientCert the certificate (chain) to present, PEM; with {@code clientKey}
     * @param clientKey  its private key, PEM "BEGIN PRIVATE KEY" (PKCS#8; RSA or EC)
     */
    public static SSLContext context(Optional<Path> caFile, Optional<Path> clientCert, Optional<Path> clientKey)
            throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(clientCert, clientKey), trustManagers(caFile).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getClass().getSimpleName(), e);
        }
    }

    private static TrustManagerFactory trustManagers(Optional<Path> caFile) throws IOException,
            GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile.isEmpty()) {
            factory.init((KeyStore) null);
            return factory;
        }
        KeyStore store = emptyStore();
        List<Certificate> cas = certificates(caFile.get());
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca-" + i, cas.get(i));
        }
        factory.init(store);
        return factory;
    }

    private static KeyManager[] keyManagers(Optional<Path> certFile, Optional<Path> keyFile) throws IOException,
            GeneralSecurityException {
        if (certFile.isEmpty() || keyFile.isEmpty()) {
            return null;
        }
        List<Certificate> chain = certificates(certFile.get());
        KeyStore store = emptyStore();
        store.setKeyEntry("client", privateKey(keyFile.get(), chain.get(0)), NO_PASSWORD,
                chain.toArray(Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, NO_PASSWORD);
        return factory.getKeyManagers();
    }

    /** Every certificate in a PEM file; at least one. */
    public static List<Certificate> certificates(Path file) throws IOException {
        byte[] pem = read(file);
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem));
            if (certs.isEmpty()) {
                throw new IOException(file + ": no certificate in the file");
            }
            return new ArrayList<>(certs);
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a PEM certificate file", e);
        }
    }

    private static PrivateKey privateKey(Path file, Certificate cert) throws IOException {
        Matcher m = PRIVATE_KEY.matcher(new String(read(file), StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new IOException(file + ": no \"BEGIN PRIVATE KEY\" block (convert with `openssl pkcs8 -topk8 -nocrypt`)");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        String algorithm = cert.getPublicKey().getAlgorithm();
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": not a PKCS#8 " + algorithm + " key matching the certificate", e);
        }
    }

    private static byte[] read(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static KeyStore emptyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        return store;
    }
}
