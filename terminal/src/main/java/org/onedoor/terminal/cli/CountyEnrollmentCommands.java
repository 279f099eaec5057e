package org.onedoor.terminal.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.onedoor.terminal.county.enroll.Approvals;
import org.onedoor.terminal.county.enroll.EnrollmentBook;
import org.onedoor.terminal.county.enroll.Register;
import org.onedoor.terminal.county.enroll.RetainedSnapshot;
import org.onedoor.terminal.enrollment.DeviceKeys;
import org.onedoor.terminal.enrollment.EnrollmentAnswer;
import org.onedoor.terminal.enrollment.EnrollmentMessages;
import org.onedoor.terminal.enrollment.EnrollmentRequest;
import org.onedoor.terminal.enrollment.EnrollmentTopics;
import org.onedoor.terminal.enrollment.VenueCategories;
import org.onedoor.terminal.enrollment.VenueCodes;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.risklist.SigningKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The county's side of enrollment (申领 → 审核 → 台账), from the broker's retained messages (docs/county.md). */
final class CountyEnrollmentCommands {
    static final String ENROLLMENT_KEY = "enrollment.key";
    static final String ENROLLMENT_PUBLIC = "enrollment.pub";

    private CountyEnrollmentCommands() {
    }

    /** What every enrollment command needs: the broker, the county, and a snapshot of its retained messages. */
    abstract static class OnBroker implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--broker", required = true, paramLabel = "URL", description = "tcp://host:1883 or ssl://…")
        String broker;

        @Option(names = "--username", description = "The broker user, with --password-file.")
        String username;

        @Option(names = "--password-file", paramLabel = "FILE", description = "The broker password (owner-only file).")
        Path passwordFile;

        @Option(names = "--county", required = true, description = "The 6-digit county code.")
        String county;

        @Option(names = "--topic-root", defaultValue = "onedoor/v1", description = "As the terminals' (default ${DEFAULT-VALUE}).")
        String root;

        @Option(names = "--wait", defaultValue = "10", paramLabel = "S",
                description = "At most this long for the broker's retained messages (default ${DEFAULT-VALUE} s).")
        int waitS;

        RetainedSnapshot.Broker connection() throws IOException {
            Optional<char[]> password = Optional.empty();
            if (passwordFile != null) {
                SecretFiles.requireOwnerOnly(passwordFile);
                password = Optional.of(Files.readString(passwordFile).strip().toCharArray());
            }
            return new RetainedSnapshot.Broker(broker, Optional.ofNullable(username), password);
        }

        EnrollmentBook book(RetainedSnapshot.Broker connection, PublicKey countyKey) throws MqttException {
            Map<String, byte[]> retained = RetainedSnapshot.take(connection, Duration.ofSeconds(waitS),
                    root + "/" + county + "/" + EnrollmentTopics.LEVEL + "/+/+");
            return EnrollmentBook.of(retained, root, county, countyKey);
        }

        int fail(Exception e) {
            spec.commandLine().getErr().println("onedoor county " + spec.name() + ": " + e.getMessage());
            return 1;
        }
    }

    /** Commands that check answers with the county's enrollment public key. */
    abstract static class Reading extends OnBroker {
        @Option(names = "--county-key", required = true, paramLabel = "FILE",
                description = "The county's enrollment public key (" + ENROLLMENT_PUBLIC + ").")
        Path countyKey;

        PublicKey publicKey() throws IOException {
            try {
                return SigningKeys.publicKeyFromText(Files.readString(countyKey, StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw new IOException(countyKey + ": " + e.getMessage(), e);
            }
        }
    }

    /** Commands that sign answers with the county's enrollment key. */
    abstract static class Answering extends OnBroker {
        @Option(names = "--key", required = true, paramLabel = "FILE",
                description = "The county's enrollment key (" + ENROLLMENT_KEY + ", owner-only; "
                        + ENROLLMENT_PUBLIC + " beside it).")
        Path keyFile;

        @Option(names = "--approver", required = true, paramLabel = "NAME",
                description = "Who answers, as the register records it.")
        String approver;

        @Parameters(index = "0", paramLabel = "TERMINAL", description = "The terminal whose request is answered.")
        String terminal;

        abstract EnrollmentAnswer answer(EnrollmentBook book, Instant now);

        @Override
        public Integer call() {
            try {
                KeyPair key = DeviceKeys.read(keyFile);
                RetainedSnapshot.Broker connection = connection();
                EnrollmentBook book = book(connection, key.getPublic());
                EnrollmentAnswer answer = answer(book, Instant.now());
                byte[] signed = EnrollmentMessages.write(answer, key.getPrivate());
                String topic = EnrollmentTopics.answer(root, answer);
                RetainedSnapshot.publishRetained(connection, topic, signed);
                PrintWriter out = spec.commandLine().getOut();
                if (answer.approved()) {
                    out.println("approved " + terminal + " as venue " + answer.venueId().orElseThrow() + " ("
                            + answer.venue().orElseThrow().name() + ")");
                    answer.entrances().forEach(e -> out.println("  " + e.name() + "  " + e.code() + "  " + e.qr()));
                } else {
                    out.println("rejected " + terminal + ": " + answer.reason().orElseThrow());
                }
                out.println("published on " + topic + " (retained)");
                return 0;
            } catch (IOException | MqttException | IllegalArgumentException e) {
                return fail(e);
            }
        }
    }

    @Command(name = "enrollments", mixinStandardHelpOptions = true,
            description = "List the county's enrollment requests, each checked, with where it stands.")
    static final class Enrollments extends Reading {
        @Option(names = "--all", description = "Also the approved and rejected ones, not only the pending.")
        boolean all;

        @Override
        public Integer call() {
            try {
                EnrollmentBook book = book(connection(), publicKey());
                PrintWriter out = spec.commandLine().getOut();
                int shown = 0;
                for (EnrollmentBook.Application app : book.applications()) {
                    if (!all && app.state() != EnrollmentBook.State.PENDING) {
                        continue;
                    }
                    shown++;
                    out.println(app.terminal() + "  " + app.state().wire() + "  " + describe(app));
                    app.problems().forEach(p -> out.println("  problem: " + p));
                    app.answerProblem().ifPresent(p -> out.println("  note: " + p));
                    app.rejection().filter(r -> app.state() == EnrollmentBook.State.REJECTED)
                            .ifPresent(r -> out.println("  rejected: " + r.reason().orElse("")));
                }
                out.println(shown + " " + (all ? "enrollments" : "pending requests"));
                return 0;
            } catch (IOException | MqttException e) {
                return fail(e);
            }
        }

        private static String describe(EnrollmentBook.Application app) {
            if (app.request().isEmpty()) {
                return "(no readable request)";
            }
            EnrollmentRequest r = app.request().get();
            String category = VenueCategories.find(r.venue().category()).map(VenueCategories.Category::label)
                    .orElse(r.venue().category());
            return r.venue().name() + "  " + category + "  " + r.venue().division() + "  " + r.venue().address()
                    + "  entrances " + r.entrances() + r.venueId().map(id -> " (adds to venue " + id + ")").orElse("")
                    + "  admin " + r.venue().adminName() + " " + r.venue().adminMobile() + "  requested "
                    + r.requestedAt() + "  device key sha256 " + DeviceKeys.fingerprint(r.deviceKey()).substring(0, 16);
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approve a terminal's pending request: the venue id, one venue code per entrance; signed "
                    + "and published retained on {root}/{county}/enroll/TERMINAL/approval.",
                    "A request with problems is refused. A venue's second terminal joins the approved venue of the "
                            + "same name in the same village (or --venue)."})
    static final class Approve extends Answering {
        @Option(names = "--venue", paramLabel = "ID", description = "Approve into this approved venue.")
        String venue;

        @Option(names = "--qr-prefix", defaultValue = VenueCodes.DEFAULT_QR_PREFIX, paramLabel = "TEXT",
                description = "What each poster's QR text starts with, before {county}/{code} (default ${DEFAULT-VALUE}).")
        String qrPrefix;

        @Override
        EnrollmentAnswer answer(EnrollmentBook book, Instant now) {
            return new Approvals(new VenueCodes()).approve(book, terminal, Optional.ofNullable(venue), approver,
                    qrPrefix, now);
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Reject a terminal's request with a reason, signed and published retained on "
                    + "{root}/{county}/enroll/TERMINAL/rejection; the terminal's doctor and heartbeat show it.")
    static final class Reject extends Answering {
        @Option(names = "--reason", required = true, description = "Why, in one line the administrator can act on.")
        String reason;

        @Override
        EnrollmentAnswer answer(EnrollmentBook book, Instant now) {
            return Approvals.reject(book, terminal, approver, reason, now);
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"The county's register (台账) of venues, entrances and terminals, from the broker's retained "
                    + "messages, with its flags: pending or offline for over 24 h, an approved entrance no online lane "
                    + "serves, unchecked passages today.",
                    "--csv writes it for a spreadsheet too (UTF-8 with a byte-order mark)."})
    static final class RegisterCommand extends Reading {
        @Option(names = "--csv", paramLabel = "FILE", description = "Also write the register as CSV.")
        Path csv;

        @Override
        public Integer call() {
            try {
                RetainedSnapshot.Broker connection = connection();
                Map<String, byte[]> retained = RetainedSnapshot.take(connection, Duration.ofSeconds(waitS),
                        root + "/" + county + "/#");
                Register register = Register.of(EnrollmentBook.of(retained, root, county, publicKey()), retained,
                        root, county, Instant.now());
                PrintWriter out = spec.commandLine().getOut();
                out.print(register.table());
                out.println(register.rows().size() + " terminals");
                if (csv != null) {
                    Files.write(csv, register.csv());
                    out.println("wrote " + csv);
                }
                return 0;
            } catch (IOException | MqttException e) {
                return fail(e);
            }
        }
    }

}
