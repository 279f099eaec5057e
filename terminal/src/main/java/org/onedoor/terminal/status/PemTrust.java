package org.onedoor.terminal.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A TLS context that trusts the certificates of one PEM file and nothing else: the JDK's own CA list
 * is left out, so a certificate any public CA issued for the service's name is not enough. Host
 * names are still checked by the HTTP client against the certificate.
 */
final class PemTrust {

    private PemTrust() {
    }

    /**
     * @param pemFile one or more {@code -----BEGIN CERTIFICATE-----} blocks
     * @throws IOException naming the file when it cannot be read or holds no usable certificate
     */
    static SSLContext trustingOnly(Path pemFile) throws IOException {
        List<Certificate> anchors = readCertificates(pemFile);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("health CA file " + pemFile + ": cannot build a trust store ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static List<Certificate> readCertificates(Path pemFile) throws IOException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
            throw new IOException("health CA file " + pemFile + " is not a list of PEM certificates", e);
        } catch (IOException e) {
            throw new IOException("cannot read health CA file " + pemFile + " (" + e.getClass().getSimpleName() + ")",
                    e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("health CA file " + pemFile + " holds no certificate");
        }
        return new ArrayList<>(certificates);
    }
}
