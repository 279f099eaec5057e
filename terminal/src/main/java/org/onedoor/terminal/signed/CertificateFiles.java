package org.onedoor.terminal.signed;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificates from a plain file, unsigned: PEM blocks, base64 DER one per line ({@code #}
 * comments and blank lines allowed), or a single binary DER certificate.
 */
public final class CertificateFiles {
    private static final Pattern PEM =
            Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);

    private CertificateFiles() {
    }

    public static List<SigningCertificate> read(Path file) throws TrustListException {
        byte[] content = TrustListFile.readCapped(file);
        if (content.length > 0 && content[0] == 0x30) {
            return List.of(SigningCertificate.fromDer(content));
        }
        String text = new String(content, StandardCharsets.US_ASCII);
        List<SigningCertificate> certificates = new ArrayList<>();
        Matcher pem = PEM.matcher(text);
        while (pem.find()) {
            certificates.add(parse(pem.group(1), file, certificates.size() + 1));
        }
        if (certificates.isEmpty()) {
            for (String line : text.split("\n")) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    certificates.add(parse(trimmed, file, certificates.size() + 1));
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new TrustListException(file + ": no certificate found (PEM, base64 DER per line, or DER)");
        }
        return certificates;
    }

    private static SigningCertificate parse(String base64, Path file, int index) throws TrustListException {
        try {
            return SigningCertificate.fromDer(Base64.getMimeDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw new TrustListException(file + ": certificate " + index + " is not base64");
        } catch (TrustListException e) {
            throw new TrustListException(file + ": certificate " + index + " is " + e.getMessage());
        }
    }
}
