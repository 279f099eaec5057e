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
 * The files the daemon reads its secrets from at start: the pseudonym key and the risk-list key (must
 * hold a valid key), the health service token, the broker password and the broker client key (must be
 * readable). Each must be its owner's only, as the daemon requires (docs/privacy.md); it exits with a
 * configuration error otherwise. Contents are never shown.
 */
final class SecretsCheck implements Check {
    static final String NAME = "secrets";
    private final TerminalConfig config;

    /** A secret file, the key that names it, what a good one is called, and whether it must hold a key. */
    private record Secret(String key, Path file, String good, boolean holdsKey) {
    }

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
        List<String> good = new ArrayList<>();
        for (Secret secret : secrets()) {
            problem(secret).ifPresentOrElse(problems::add, () -> good.add(secret.good()));
        }
        if (!problems.isEmpty()) {
            return Finding.fail(NAME, String.join("; ", problems));
        }
        return Finding.ok(NAME, String.join(", ", good));
    }

    private List<Secret> secrets() {
        List<Secret> secrets = new ArrayList<>();
        secrets.add(new Secret("privacy.key_file", config.privacy().keyFile(), "pseudonym key valid", true));
        config.riskList().ifPresent(list ->
                secrets.add(new Secret("risklist.key_file", list.keyFile(), "risk-list key valid", true)));
        config.health().tokenFile().ifPresent(file ->
                secrets.add(new Secret("health.token_file", file, "token readable", false)));
        config.mqtt().passwordFile().ifPresent(file ->
                secrets.add(new Secret("mqtt.password_file", file, "broker password readable", false)));
        config.mqtt().clientKeyFile().ifPresent(file ->
                secrets.add(new Secret("mqtt.client_key_file", file, "broker client key readable", false)));
        return secrets;
    }

    private Optional<String> problem(Secret secret) {
        Path file = secret.file();
        String named = secret.key() + " " + file + ": ";
        if (!Files.exists(file)) {
            return Optional.of(named + "no such file" + creation(secret));
        }
        if (!Files.isReadable(file)) {
            return Optional.of(named + "not readable by this user");
        }
        try {
            SecretFiles.requireOwnerOnly(file);
        } catch (IOException e) {
            return Optional.of(secret.key() + ": " + e.getMessage());
        }
        if (secret.holdsKey()) {
            try {
                Pseudonymizer.fromKeyFile(file);
            } catch (IOException | IllegalArgumentException e) {
                return Optional.of(named + e.getMessage().replace(file + ": ", "") + creation(secret));
            }
        }
        return Optional.empty();
    }

    /** The pseudonym key is the terminal's own to make; every other secret comes from the county or the operator. */
    private static String creation(Secret secret) {
        return secret.key().equals("privacy.key_file") ? " (create one with: onedoor keygen " + secret.file() + ")" : "";
    }
}
