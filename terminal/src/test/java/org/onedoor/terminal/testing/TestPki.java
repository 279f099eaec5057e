package org.onedoor.terminal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for TLS tests, made with the JDK's {@code keytool} when first asked for and kept for
 * the rest of the test run (each keytool run starts a JVM). Nothing here is committed: the keys live
 * in a temporary directory and are valid for two days.
 *
 * <p>A test CA issues one server certificate whose only name is {@code IP:127.0.0.1}; a second CA,
 * unrelated to it, is there to be wrongly trusted.
 */
public final class TestPki {

    /**
     * @param caPem          the CA that issued the server certificate, PEM
     * @param serverKeyStore PKCS#12 with the server's key, its certificate and the CA's, in one entry
     * @param unrelatedCaPem a CA that issued nothing the server holds, PEM
     */
    public record Issued(Path caPem, Path serverKeyStore, char[] password, Path unrelatedCaPem) {
    }

    private static final String PASSWORD = "test-only-" + Long.toHexString(System.nanoTime());
    private static Issued shared; // guarded by TestPki.class

    private TestPki() {
    }

    public static synchronized Issued shared() {
        if (shared == null) {
            try {
                shared = issue(Files.createTempDirectory("test-pki"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private static Issued issue(Path dir) throws IOException {
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        Path server = dir.resolve("server.p12");
        Path csr = dir.resolve("server.csr");
        Path serverPem = dir.resolve("server.pem");
        Path chain = dir.resolve("chain.pem");
        Path other = dir.resolve("other-ca.p12");
        Path otherPem = dir.resolve("other-ca.pem");

        newKeyPair(ca, "ca", "CN=OneDoor test CA", "bc:c");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
        newKeyPair(server, "server", "CN=127.0.0.1", "san=ip:127.0.0.1");
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
                "-outfile", serverPem.toString(), "-rfc", "-validity", "2", "-ext", "san=ip:127.0.0.1");
        // The reply carries the whole chain, so the server presents its CA too.
        Files.writeString(chain, Files.readString(serverPem) + Files.readString(caPem));
        keytool("-importcert", "-noprompt", "-alias", "server", "-keystore", server.toString(),
                "-file", chain.toString());

        newKeyPair(other, "other", "CN=Unrelated test CA", "bc:c");
        keytool("-exportcert", "-rfc", "-alias", "other", "-keystore", other.toString(), "-file", otherPem.toString());
        return new Issued(caPem, server, PASSWORD.toCharArray(), otherPem);
    }

    private static void newKeyPair(Path keyStore, String alias, String dname, String extension) throws IOException {
        keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-ext", extension, "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString());
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), args[0]));
        command.addAll(List.of(args).subList(1, args.length));
        command.addAll(List.of("-storepass", PASSWORD, "-J-XX:TieredStopAtLevel=1"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for keytool", e);
        }
    }
}
