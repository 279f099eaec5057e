package org.onedoor.terminal.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.risklist.RiskListSigner;
import org.onedoor.terminal.risklist.SigningKeys;
import org.onedoor.terminal.risklist.SubjectFile;
import org.onedoor.terminal.status.HealthStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The county's side of the risk list: signed snapshots and deltas from files of subjects (docs/risklist.md). */
@Command(name = "risklist", mixinStandardHelpOptions = true,
        description = "Build and sign the county's risk list from files of subjects.",
        subcommands = {RiskListCommand.Snapshot.class, RiskListCommand.Delta.class})
final class RiskListCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * What every signed message needs. {@code --version} is the list's version here, so these
     * commands offer {@code --help} only, not picocli's standard {@code --version}.
     */
    static final class Signing {
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--master", required = true, paramLabel = "FILE", description = "The county's master key.")
        Path master;

        @Option(names = "--signing-key", required = true, paramLabel = "FILE",
                description = "The county's Ed25519 risk-list private key (PKCS#8 PEM).")
        Path signingKey;

        @Option(names = "--county", required = true, description = "The 6-digit county division code.")
        String county;

        @Option(names = "--epoch", required = true, description = "The epoch of the risk key the pseudonyms are made with.")
        int epoch;

        @Option(names = "--version", required = true, description = "The version this message brings the list to (1 or more).")
        long version;

        @Option(names = "--issued-at", paramLabel = "TIME",
                description = "The signing time, yyyy-MM-ddTHH:mm:ssZ (default: now).")
        String issuedAt;

        @Option(names = "--out", paramLabel = "FILE", description = "Write the message here (default: standard output).")
        Path out;

        Pseudonymizer riskKey() throws IOException {
            return new Pseudonymizer(KeyDerivation.riskListKey(CountyCommand.readMasterKey(master), county, epoch));
        }

        RiskListSigner signer() throws IOException {
            SecretFiles.requireOwnerOnly(signingKey);
            return new RiskListSigner(SigningKeys.readPrivateKey(signingKey), county, epoch);
        }

        Instant issuedAt() {
            if (issuedAt == null) {
                return Instant.now();
            }
            try {
                return Instant.parse(issuedAt);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--issued-at: not a time like 2024-05-01T08:00:00Z");
            }
        }

        void write(byte[] message, CommandSpec spec) throws IOException {
            if (out == null) {
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.print(new String(message, StandardCharsets.US_ASCII));
                stdout.flush();
            } else {
                Files.write(out, message);
            }
        }
    }

    @Command(name = "snapshot",
            description = "Sign the whole list: one line per person, SUBJECT COLOUR (yellow or red).")
    static final class Snapshot implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Signing signing;

        @Option(names = "--subjects", required = true, paramLabel = "FILE",
                description = "Lines of SUBJECT COLOUR; blank lines and lines starting with # are skipped.")
        Path subjects;

        @Override
        public Integer call() {
            try {
                SubjectFile listed = SubjectFile.readColoured(subjects, signing.riskKey());
                signing.write(signing.signer().snapshot(signing.version, signing.issuedAt(), listed.colours()), spec);
                spec.commandLine().getErr().println("snapshot " + signing.version + " of epoch " + signing.epoch
                        + " for " + signing.county + ": " + counts(listed));
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return CountyCommand.fail(spec, e);
            }
        }
    }

    @Command(name = "delta",
            description = "Sign the changes from one version to the next: people added or recoloured, people removed.")
    static final class Delta implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Signing signing;

        @Option(names = "--base", required = true, description = "The version this delta applies to.")
        long base;

        @Option(names = "--add", paramLabel = "FILE", description = "Lines of SUBJECT COLOUR: added, or given a new colour.")
        Path add;

        @Option(names = "--remove", paramLabel = "FILE", description = "Lines of SUBJECT: taken off the list.")
        Path remove;

        @Override
        public Integer call() {
            try {
                Pseudonymizer riskKey = signing.riskKey();
                Optional<SubjectFile> added = add == null ? Optional.empty() : Optional.of(SubjectFile.readColoured(add, riskKey));
                Optional<SubjectFile> removed =
                        remove == null ? Optional.empty() : Optional.of(SubjectFile.readSubjects(remove, riskKey));
                if (added.isPresent() && removed.isPresent()) {
                    requireDisjoint(added.get(), removed.get());
                }
                SortedMap<String, HealthStatus> upserts = added.map(SubjectFile::colours).orElse(new TreeMap<>());
                SortedSet<String> removals = removed.map(SubjectFile::pseudonyms).orElse(new TreeSet<>());
                byte[] message = signing.signer().delta(base, signing.version, signing.issuedAt(), upserts, removals);
                signing.write(message, spec);
                spec.commandLine().getErr().println("delta " + base + "->" + signing.version + " of epoch " + signing.epoch
                        + " for " + signing.county + ": " + added.map(RiskListCommand::counts).orElse("nothing added")
                        + "; " + removed.map(r -> r.pseudonyms().size() + " removed").orElse("nothing removed"));
                return 0;
            } catch (IOException | IllegalArgumentException e) {
                return CountyCommand.fail(spec, e);
            }
        }

        private static void requireDisjoint(SubjectFile added, SubjectFile removed) throws IOException {
            Optional<String> shared = added.firstShared(removed);
            if (shared.isPresent()) {
                throw new IOException("the same subject is added (" + added.file() + " line " + added.lineOf(shared.get())
                        + ") and removed (" + removed.file() + " line " + removed.lineOf(shared.get()) + ")");
            }
        }
    }

    private static String counts(SubjectFile listed) {
        long red = listed.colours().values().stream().filter(c -> c == HealthStatus.RED).count();
        return listed.colours().size() + " entries (" + red + " red, " + (listed.colours().size() - red) + " yellow)";
    }
}
