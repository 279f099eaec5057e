package org.onedoor.terminal.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import org.onedoor.terminal.enrollment.DeviceKeys;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.risklist.SigningKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The county's keys (docs/privacy.md): made and derived on the county's machine, never on a terminal. */
@Command(name = "county", mixinStandardHelpOptions = true,
        description = "The county's keys, its event collector, its gaps and tracing (docs/privacy.md, docs/county.md).",
        subcommands = {CountyCommand.Keygen.class, CountyCommand.TerminalKey.class, CountyCommand.RiskKey.class,
            CountyServiceCommands.Collect.class, CountyServiceCommands.Gaps.class, CountyServiceCommands.Trace.class,
            CountyEnrollmentCommands.Enrollments.class, CountyEnrollmentCommands.Approve.class,
            CountyEnrollmentCommands.Reject.class, CountyEnrollmentCommands.RegisterCommand.class})
final class CountyCommand implements Runnable {
    static final String MASTER_KEY = "master.key";
    static final String SIGNING_KEY = "risklist-signing.pem";
    static final String PUBLIC_KEY = "risklist-public.txt";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the master key, refusing a file others could read. */
    static byte[] readMasterKey(Path file) throws IOException {
        SecretFiles.requireOwnerOnly(file);
        return SecretFiles.readKey(file, KeyDerivation.KEY_BYTES);
    }

    static void requireAbsent(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new IOException(file + " exists; keys are never overwritten");
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Make the county's keys, each for one purpose (docs/privacy.md, docs/county.md):",
                "  " + MASTER_KEY + "  the master key: every terminal's pseudonym key and the risk-list keys derive from it",
                "  " + SIGNING_KEY + " / " + PUBLIC_KEY + "  signs risk lists ([risklist] public_key)",
                "  " + CountyEnrollmentCommands.ENROLLMENT_KEY + " / " + CountyEnrollmentCommands.ENROLLMENT_PUBLIC
                        + "  signs enrollment answers ([enrollment] county_key)",
                "The command key (onedoor command keygen) is a fourth, made apart."})
    static final class Keygen implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR",
                description = "Directory for " + MASTER_KEY + ", " + SIGNING_KEY + " (both readable by their owner only) and "
                        + PUBLIC_KEY + "; existing files are never overwritten.")
        Path dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                Files.createDirectories(dir);
                for (String name : List.of(MASTER_KEY, SIGNING_KEY, PUBLIC_KEY, CountyEnrollmentCommands.ENROLLMENT_KEY,
                        CountyEnrollmentCommands.ENROLLMENT_PUBLIC)) {
                    requireAbsent(dir.resolve(name));
                }
                byte[] master = new byte[KeyDerivation.KEY_BYTES];
                new SecureRandom().nextBytes(master);
                SecretFiles.writeNewKey(dir.resolve(MASTER_KEY), master);
                KeyPair signing = SigningKeys.generate();
                SecretFiles.writeNew(dir.resolve(SIGNING_KEY), SigningKeys.privateKeyPem(signing.getPrivate()));
                String publicKey = SigningKeys.publicKeyText(signing.getPublic());
                Files.writeString(dir.resolve(PUBLIC_KEY), publicKey + "\n");
                out.println("wrote " + dir.resolve(MASTER_KEY) + ", " + dir.resolve(SIGNING_KEY) + " and " + dir.resolve(PUBLIC_KEY));
                out.println("risk-list public key for the terminals' configuration: " + publicKey);
                String enrollmentKey = DeviceKeys.generate(dir.resolve(CountyEnrollmentCommands.ENROLLMENT_KEY));
                out.println("wrote " + dir.resolve(CountyEnrollmentCommands.ENROLLMENT_KEY) + " and "
                        + dir.resolve(CountyEnrollmentCommands.ENROLLMENT_PUBLIC));
                out.println("enrollment public key for [enrollment] county_key: " + enrollmentKey);
                return 0;
            } catch (IOException e) {
                return fail(spec, e);
            }
        }
    }

    /** A key derived from the county's master key and written for one terminal, or for all of a county's. */
    abstract static class DerivedKey implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--master", required = true, paramLabel = "FILE", description = "The county's master key.")
        Path master;

        @Option(names = "--county", required = true, description = "The 6-digit county division code.")
        String county;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the key (mode 0600).")
        Path out;

        abstract byte[] derive(byte[] masterKey);

        @Override
        public Integer call() {
            try {
                requireAbsent(out);
                SecretFiles.writeNewKey(out, derive(readMasterKey(master)));
                spec.commandLine().getOut().println("wrote " + out);
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return fail(spec, e);
            }
        }
    }

    @Command(name = "terminal-key", mixinStandardHelpOptions = true,
            description = "Derive one terminal's pseudonym key from the master key (its [privacy] key_file).")
    static final class TerminalKey extends DerivedKey {
        @Option(names = "--terminal", required = true, description = "The terminal's id, as in its [terminal] id.")
        String terminal;

        @Override
        byte[] derive(byte[] masterKey) {
            return KeyDerivation.terminalKey(masterKey, county, terminal);
        }
    }

    @Command(name = "risk-key", mixinStandardHelpOptions = true,
            description = "Derive the county's risk-list key of one epoch (every terminal's [risklist] key_file).")
    static final class RiskKey extends DerivedKey {
        @Option(names = "--epoch", required = true, description = "The risk-list epoch (its [risklist] key_epoch).")
        int epoch;

        @Override
        byte[] derive(byte[] masterKey) {
            return KeyDerivation.riskListKey(masterKey, county, epoch);
        }
    }

    static int fail(CommandSpec spec, Exception e) {
        spec.commandLine().getErr().println("onedoor: " + e.getMessage());
        return 1;
    }
}
