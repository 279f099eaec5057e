package org.onedoor.terminal.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
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
import org.onedoor.terminal.enrollment.DeviceKeys;
import org.onedoor.terminal.enrollment.EnrolledTerminal;
import org.onedoor.terminal.enrollment.EnrollmentAnswer;
import org.onedoor.terminal.enrollment.EnrollmentMessages;
import org.onedoor.terminal.enrollment.EnrollmentRequest;
import org.onedoor.terminal.enrollment.EnrollmentStore;
import org.onedoor.terminal.enrollment.EnrollmentTopics;
import org.onedoor.terminal.enrollment.InvalidEnrollmentException;
import org.onedoor.terminal.mqtt.MqttSettings;
import org.onedoor.terminal.mqtt.RetainedPublish;
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
            EnrolledTerminal enrolled = enrolled(loaded, err);
            Optional<EnrollmentRequest> request = nextRequest(enrolled, loaded, Instant.now());
            if (request.isEmpty()) {
                out.println("every entrance is approved (venue " + enrolled.approval().flatMap(
                        EnrollmentAnswer::venueId).orElseThrow() + "): nothing to apply for");
                return 0;
            }
            byte[] signed = signedRequest(enrolled, request.get(), err);
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

    /**
     * The terminal's enrollment files; a stored answer that no longer verifies is named and set aside.
     *
     * @throws StartupException when the device key cannot be used (a configuration error, exit 78)
     */
    static EnrolledTerminal enrolled(TerminalConfig config, PrintWriter err) throws StartupException {
        var settings = config.enrollment().orElseThrow();
        var t = config.terminal();
        try {
            EnrolledTerminal enrolled = EnrolledTerminal.read(t.dataDir(), settings.countyKey(), t.county(), t.id(),
                    settings.deviceKey());
            enrolled.ignored().forEach(line -> err.println("onedoor: " + line));
            return enrolled;
        } catch (IOException e) {
            throw new StartupException("enrollment.device_key: " + e.getMessage()
                    + " (make one with: onedoor keygen --device " + settings.deviceKey() + ")", true, e);
        }
    }

    /** The request to publish: every entrance before approval, the entrances not approved yet after it. */
    static Optional<EnrollmentRequest> nextRequest(EnrolledTerminal enrolled, TerminalConfig config, Instant now) {
        Optional<EnrollmentAnswer> approval = enrolled.approval();
        List<String> entrances = config.lanes().stream().map(TerminalConfig.Lane::entrance).distinct()
                .filter(e -> approval.flatMap(a -> a.entrance(e)).isEmpty()).toList();
        if (entrances.isEmpty()) {
            return Optional.empty();
        }
        var t = config.terminal();
        var venue = approval.flatMap(EnrollmentAnswer::venue).orElse(config.enrollment().orElseThrow().venue());
        return Optional.of(new EnrollmentRequest(t.county(), t.id(), approval.flatMap(EnrollmentAnswer::venueId),
                venue, entrances, enrolled.devicePublicKey(), now));
    }

    /** The stored request again when it applies for the same (idempotent), else the new one, stored. */
    static byte[] signedRequest(EnrolledTerminal enrolled, EnrollmentRequest request, PrintWriter err)
            throws IOException {
        EnrollmentStore store = enrolled.store();
        try {
            Optional<EnrollmentRequest> stored = store.request();
            if (stored.isPresent() && stored.get().sameApplication(request)) {
                return store.requestBytes().orElseThrow();
            }
        } catch (InvalidEnrollmentException e) {
            err.println("onedoor enroll: the stored request is replaced: " + e.getMessage());
        }
        byte[] signed = EnrollmentMessages.write(request, enrolled.deviceKey().getPrivate());
        store.storeRequest(signed);
        return signed;
    }
}
