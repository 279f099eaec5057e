package org.onedoor.terminal.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.onedoor.terminal.signed.CertificateFiles;
import org.onedoor.terminal.signed.ClockText;
import org.onedoor.terminal.signed.IssuerKeys;
import org.onedoor.terminal.signed.SigningCertificate;
import org.onedoor.terminal.signed.TrustListException;
import org.onedoor.terminal.signed.TrustListFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Builds and signs the trust list that terminals load ({@code [signed] trust_list}). */
@Command(name = "trustlist", mixinStandardHelpOptions = true,
        description = "Make the issuer's Ed25519 key pair, and build and sign trust lists of signing certificates.",
        subcommands = {TrustListCommand.Keygen.class, TrustListCommand.Sign.class})
final class TrustListCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = "Write a new Ed25519 key pair: the private key signs lists (keep it off the terminals), "
                    + "the public key goes to every terminal ([signed] trust_public_key).")
    static final class Keygen implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private key to write (PEM).")
        Path key;

        @Option(names = "--public", required = true, paramLabel = "FILE", description = "Public key to write (PEM).")
        Path publicKey;

        @Override
        public Integer call() throws IOException {
            for (Path file : List.of(key, publicKey)) {
                if (Files.exists(file)) {
                    spec.commandLine().getErr().println("onedoor: " + file + " exists; it is left alone");
                    return 1;
                }
            }
            KeyPair pair = IssuerKeys.generate();
            IssuerKeys.writePrivate(key, pair.getPrivate());
            IssuerKeys.writePublic(publicKey, pair.getPublic());
            spec.commandLine().getOut().println("wrote " + key + " and " + publicKey);
            return 0;
        }
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Sign a trust list of the given certificates (PEM, base64 DER per line, or DER files).")
    static final class Sign implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The issuer's private key (PEM).")
        Path key;

        @Option(names = "--out", required = true, paramLabel = "FILE",
                description = "The trust list to write; replaced in one step, so a terminal never reads half of it.")
        Path out;

        @Option(names = "--issued-at", paramLabel = "ISO-TIME", description = "Default: now.")
        String issuedAt;

        @Option(names = "--list-version", paramLabel = "N",
                description = "Must grow from list to list: terminals refuse an older one. Default: issued-at in "
                        + "seconds since 1970.")
        Long version;

        @Parameters(paramLabel = "CERT", arity = "1..*", description = "Certificate files.")
        List<Path> certificates;

        @Override
        public Integer call() throws IOException {
            Instant at = issuedAt == null ? Instant.now() : ClockText.parse(issuedAt).orElseThrow(() ->
                    new CommandLine.ParameterException(spec.commandLine(), "--issued-at: not an ISO-8601 time"));
            try {
                List<SigningCertificate> all = new ArrayList<>();
                for (Path file : certificates) {
                    all.addAll(CertificateFiles.read(file));
                }
                PrivateKey issuerKey = IssuerKeys.readPrivate(key);
                if (SecretKeyFiles.refused(key, spec.commandLine().getErr())) {
                    return 1;
                }
                byte[] content = TrustListFile.sign(all, version == null ? at.getEpochSecond() : version, at, issuerKey);
                Path temporary = Files.createTempFile(out.toAbsolutePath().getParent(), ".trustlist", ".tmp");
                try {
                    Files.write(temporary, content);
                    Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temporary);
                }
                spec.commandLine().getOut().println("wrote " + out + ": " + all.size() + " certificates");
                return 0;
            } catch (TrustListException e) {
                spec.commandLine().getErr().println("onedoor: " + e.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
        }
    }
}
