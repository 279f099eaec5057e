package org.onedoor.terminal.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.onedoor.terminal.config.ConfigException;
import org.onedoor.terminal.config.ConfigLoader;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.daemon.BrokerSettings;
import org.onedoor.terminal.daemon.StartupException;
import org.onedoor.terminal.enrollment.AnswerCheck;
import org.onedoor.terminal.enrollment.DeviceKeys;
import org.onedoor.terminal.enrollment.EnrollmentAnswer;
import org.onedoor.terminal.enrollment.EnrollmentMessages;
import org.onedoor.terminal.enrollment.EnrollmentRequest;
import org.onedoor.terminal.enrollment.EnrollmentStore;
import org.onedoor.terminal.enrollment.EnrollmentTopics;
import org.onedoor.terminal.enrollment.InvalidEnrollmentException;
import org.onedoor.terminal.mqtt.MqttSettings;
import org.onedoor.terminal.mqtt.RetainedPublish;
import org.onedoor.terminal.risklist.SigningKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code onedoor enroll}: the venue's application for its codes (申领), from this terminal (docs/county.md). */
@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = {"Sign the venue's application ([venue] and the lanes' entrances) with this terminal's device "
                + "key and publish it, retained, for the county to approve (docs/county.md, Enrollment).",
                "After approval, only entrances not approved yet are applied for. Running it again with nothing "
                        + "changed publishes the same request again."})
final class EnrollCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "/etc/onedoor/onedoor.toml",
            description = "The terminal's configuration (default ${DEFAULT-VALUE}).")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TerminalConfig loaded;
        try {
            loaded = ConfigLoader.load(config);
        } catch (ConfigException e) {
            err.println("onedoor enroll: the configuration is not valid:");
            e.problems().forEach(p -> err.println("  " + p));
            return Main.EXIT_CONFIG;
        }
        if (loaded.enrollment().isEmpty()) {
            err.println("onedoor enroll: " + loaded.source().getFileName()
                    + " has no [venue] and [enrollment]: there is nothing to apply with");
            return Main.EXIT_CONFIG;
        }
        try {
            Enrolled enrolled = Enrolled.read(loaded);
            Optional<EnrollmentRequest> request = enrolled.nextRequest(loaded, Instant.now());
            if (request.isEmpty()) {
                out.println("every entrance is approved (venue " + enrolled.approval().flatMap(
                        EnrollmentAnswer::venueId).orElseThrow() + "): nothing to apply for");
                return 0;
            }
            byte[] signed = enrolled.signedRequest(request.get());
            var t = loaded.terminal();
            String topic = EnrollmentTopics.request(loaded.mqtt().topicRoot(), t.county(), t.id());
            MqttSettings broker = BrokerSettings.from(loaded);
            try {
                RetainedPublish.send(broker, "onedoor-enroll-" + t.county() + "-" + t.id(), topic, signed);
            } catch (MqttException e) {
                err.println("onedoor enroll: the request is stored but not published (" + e.getMessage()
                        + "); the running terminal publishes it at its next connect, or run this again");
                return 1;
            }
            out.println("published the request for " + request.get().entrances().size() + " entrance(s) "
                    + request.get().entrances() + " on " + topic + "; device key sha256 "
                    + DeviceKeys.fingerprint(request.get().deviceKey()));
            return 0;
        } catch (StartupException e) {
            err.println("onedoor enroll: " + e.getMessage());
            return Main.EXIT_CONFIG;
        } catch (IOException e) {
            err.println("onedoor enroll: " + e.getMessage());
            return 1;
        }
    }

    /** A terminal's device key and the county's stored answers, as far as they verify. */
    record Enrolled(KeyPair deviceKey, EnrollmentStore store, Optional<EnrollmentAnswer> approval,
                    Optional<EnrollmentAnswer> rejection) {
        static Enrolled read(TerminalConfig config) throws StartupException {
            var settings = config.enrollment().orElseThrow();
            KeyPair key;
            try {
                key = DeviceKeys.read(settings.deviceKey());
            } catch (IOException e) {
                throw new StartupException("enrollment.device_key: " + e.getMessage()
                        + " (make one with: onedoor keygen --device " + settings.deviceKey() + ")", true, e);
            }
            var t = config.terminal();
            EnrollmentStore store = new EnrollmentStore(t.dataDir());
            AnswerCheck check = new AnswerCheck(settings.countyKey(), t.county(), t.id(),
                    SigningKeys.publicKeyText(key.getPublic()));
            return new Enrolled(key, store, verified(check, store, true), verified(check, store, false));
        }

        private static Optional<EnrollmentAnswer> verified(AnswerCheck check, EnrollmentStore store, boolean approval) {
            try {
                Optional<byte[]> bytes = approval ? store.approvalBytes() : store.rejectionBytes();
                return bytes.isEmpty() ? Optional.empty() : Optional.of(check.accept(bytes.get(), Optional.empty()));
            } catch (IOException | InvalidEnrollmentException e) {
                System.err.println("onedoor: the stored " + (approval ? "approval" : "rejection")
                        + " is ignored: " + e.getMessage());
                return Optional.empty();
            }
        }

        /** The request to publish: every entrance before approval, the entrances not approved yet after it. */
        Optional<EnrollmentRequest> nextRequest(TerminalConfig config, Instant now) {
            List<String> entrances = config.lanes().stream().map(TerminalConfig.Lane::entrance).distinct()
                    .filter(e -> approval.flatMap(a -> a.entrance(e)).isEmpty()).toList();
            if (entrances.isEmpty()) {
                return Optional.empty();
            }
            var t = config.terminal();
            var venue = approval.flatMap(EnrollmentAnswer::venue).orElse(config.enrollment().orElseThrow().venue());
            return Optional.of(new EnrollmentRequest(t.county(), t.id(), approval.flatMap(EnrollmentAnswer::venueId),
                    venue, entrances, SigningKeys.publicKeyText(deviceKey.getPublic()), now));
        }

        /** The stored request again when it applies for the same (idempotent), else the new one, stored. */
        byte[] signedRequest(EnrollmentRequest request) throws IOException {
            try {
                Optional<EnrollmentRequest> stored = store.request();
                if (stored.isPresent() && stored.get().sameApplication(request)) {
                    return store.requestBytes().orElseThrow();
                }
            } catch (InvalidEnrollmentException e) {
                System.err.println("onedoor enroll: the stored request is replaced: " + e.getMessage());
            }
            byte[] signed = EnrollmentMessages.write(request, deviceKey.getPrivate());
            store.storeRequest(signed);
            return signed;
        }
    }
}
