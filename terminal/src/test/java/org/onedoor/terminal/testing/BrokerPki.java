package org.onedoor.terminal.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PEM certificates for a TLS broker and its clients, made with {@code openssl} at test time and valid for two
 * days: a CA, a server certificate whose only name is {@code IP:127.0.0.1}, a client certificate, and a second
 * CA, unrelated to the others, to be wrongly trusted. Keys are unencrypted PKCS#8 ("BEGIN PRIVATE KEY"), the form
 * both Mosquitto and the terminal read. Unlike {@link TestPki} (keytool, PKCS#12 for Java servers), these are the
 * files a Mosquitto administrator and a terminal's {@code [mqtt]} keys point at.
 */
public record BrokerPki(Path caPem, Path serverCert, Path serverKey, Path clientCert, Path clientKey,
                        Path unrelatedCaPem) {
    private static final long OPENSSL_DEADLINE_S = 30;

    /** Issues everything into {@code dir}. */
    public static BrokerPki issue(Path dir) throws IOException {
        Files.createDirectories(dir);
        BrokerPki pki = new BrokerPki(dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server.key"),
                dir.resolve("client.pem"), dir.resolve("client.key"), dir.resolve("unrelated-ca.pem"));
        Path caKey = dir.resolve("ca.key");
        selfSignedCa(dir, caKey, pki.caPem, "OneDoor test broker CA");
        signed(dir, "server", pki.serverKey, pki.serverCert, pki.caPem, caKey,
                "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        signed(dir, "client", pki.clientKey, pki.clientCert, pki.caPem, caKey, "extendedKeyUsage=clientAuth\n");
        selfSignedCa(dir, dir.resolve("unrelated-ca.key"), pki.unrelatedCaPem, "Unrelated test CA");
        return pki;
    }

    private static void selfSignedCa(Path dir, Path key, Path cert, String name) throws IOException {
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=" + name);
    }

    private static void signed(Path dir, String name, Path key, Path cert, Path caPem, Path caKey, String extensions)
            throws IOException {
        Path csr = dir.resolve(name + ".csr");
        Path ext = Files.writeString(dir.resolve(name + ".ext"), extensions);
        openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=onedoor-test-" + name);
        byte[] serial = new byte[8];
        new SecureRandom().nextBytes(serial);
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caPem.toString(), "-CAkey", caKey.toString(),
                "-set_serial", "0x" + HexFormat.of().formatHex(serial), "-days", "2", "-extfile", ext.toString(),
                "-out", cert.toString());
        // What OpenSSL 3 does anyway; older ones follow the umask, and the terminal refuses a key others can read.
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(OPENSSL_DEADLINE_S, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("openssl " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for openssl", e);
        }
    }
}
