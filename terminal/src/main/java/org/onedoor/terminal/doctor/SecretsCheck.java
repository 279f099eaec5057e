package org.onedoor.terminal.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.privacy.SecretFiles;

/**
 * The files the daemon reads its secrets from at start: the pseudonym key (must hold a valid key),
 * the health service token and the broker password (must be readable), the key and the token
 * owned by this user and closed to everyone else, as the daemon requires. The daemon exits with a
 * configuration error when any is missing or exposed; their contents are never shown.
 */
final class SecretsCheck implements Check {
    static final String NAME = "secrets";
    private final TerminalConfig config;

    SecretsCheck(TerminalConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding run() {
        List<String> problems = new ArrayList<>();
        Path key = config.privacy().keyFile();
        Optional<String> exposed = ownerOnly("privacy.key_file", key);
        if (exposed.isPresent()) {
            problems.add(exposed.get());
        } else {
            try {
                Pseudonymizer.fromKeyFile(key);
            } catch (IOException | IllegalArgumentException e) {
                problems.add("privacy.key_file " + key + ": " + reason(key, e) + " (create one with: onedoor keygen " + key + ")");
            }
        }
        config.health().tokenFile().flatMap(token -> ownerOnly("health.token_file", token)).ifPresent(problems::add);
        readable("health.token_file", config.health().tokenFile()).ifPresent(problems::add);
        readable("mqtt.password_file", config.mqtt().passwordFile()).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            return Finding.fail(NAME, String.join("; ", problems));
        }
        return Finding.ok(NAME, "pseudonym key valid" + (config.health().tokenFile().isPresent() ? ", token readable" : "")
                + (config.mqtt().passwordFile().isPresent() ? ", broker password readable" : ""));
    }

    /**
     * The daemon's own test of a secret file, in its words: what run refuses, doctor fails. A missing
     * file is left to the caller.
     */
    private static Optional<String> ownerOnly(String key, Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            SecretFiles.requireOwnerOnly(file);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(key + ": " + e.getMessage());
        }
    }

    private static Optional<String> readable(String key, Optional<Path> file) {
        return file.filter(f -> !Files.isReadable(f)).map(f -> key + " " + f + ": "
                + (Files.exists(f) ? "not readable by this user" : "no such file"));
    }

    private static String reason(Path file, Exception e) {
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (!Files.isReadable(file)) {
            return "not readable by this user";
        }
        return e.getMessage().replace(file.toString() + ": ", "");
    }
}
