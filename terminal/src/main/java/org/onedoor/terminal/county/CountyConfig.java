package org.onedoor.terminal.county;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.onedoor.terminal.config.ConfigException;
import org.onedoor.terminal.county.ingest.CollectorSettings;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/**
 * {@code county.toml}: the collector's configuration (docs/county.md). Every problem names the file, the line and
 * the key; the command exits 78 on any.
 */
public record CountyConfig(CollectorSettings collector, String store, Duration gapGrace, Optional<Path> commandKey,
        Broker broker) {

    /** The broker's credentials and TLS files, read when the collector starts (secrets must be the owner's only). */
    public record Broker(Optional<String> username, Optional<Path> passwordFile, Optional<Path> caFile,
            Optional<Path> clientCertFile, Optional<Path> clientKeyFile) {
    }

    private static final Pattern COUNTY = Pattern.compile("[0-9]{6}|\\+");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_-]{0,64}");

    public static CountyConfig load(Path file) throws IOException, ConfigException {
        TomlParseResult toml = Toml.parse(file);
        List<String> problems = new ArrayList<>();
        toml.errors().forEach(e -> problems.add(file + ":" + e.position().line() + ": " + e.getMessage()));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Reader r = new Reader(file, toml, problems);
        String county = r.string("county.code", null);
        if (county != null && !COUNTY.matcher(county).matches()) {
            r.problem("county.code", "must be a 6-digit county code, or \"+\" for every county of the broker");
        }
        String group = r.string("broker.share_group", "");
        if (!GROUP.matcher(group).matches()) {
            r.problem("broker.share_group", "must be up to 64 letters, digits, '-' or '_'");
        }
        long batch = r.integer("store.batch_size", 500, 1, 10_000);
        long grace = r.integer("gaps.grace_s", 60, 1, 86_400);
        String url = r.string("broker.url", null);
        String clientId = r.string("broker.client_id", "onedoor-county");
        String topicRoot = r.string("county.topic_root", "onedoor/v1");
        boolean persistent = r.bool("broker.persistent_session", true);
        String store = r.string("store.url", "");
        if (store.isEmpty()) {
            store = r.string("store.path", "/var/lib/onedoor-county/county.db");
        } else if (!store.startsWith("jdbc:postgresql:")) {
            r.problem("store.url", "must be a jdbc:postgresql: URL (a SQLite store is given by store.path)");
        }
        String key = r.string("gaps.command_key", "");
        String user = r.string("broker.username", "");
        Broker broker = new Broker(user.isEmpty() ? Optional.empty() : Optional.of(user), r.path("broker.password_file"),
                r.path("broker.ca_file"), r.path("broker.client_cert_file"), r.path("broker.client_key_file"));
        if (broker.clientCertFile().isPresent() != broker.clientKeyFile().isPresent()) {
            r.problem("broker.client_cert_file", "and broker.client_key_file go together");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new CountyConfig(new CollectorSettings(url, clientId, topicRoot, county, group, (int) batch, persistent),
                store, Duration.ofSeconds(grace), key.isEmpty() ? Optional.empty() : Optional.of(file.resolveSibling(key)),
                broker);
    }

    private record Reader(Path file, TomlParseResult toml, List<String> problems) {
        void problem(String key, String what) {
            TomlPosition at = toml.inputPositionOf(key);
            problems.add(file + ":" + (at == null ? 1 : at.line()) + ": " + key + ": " + what);
        }

        String string(String key, String fallback) {
            if (!toml.contains(key)) {
                if (fallback == null) {
                    problems.add(file + ": " + key + ": missing");
                }
                return fallback;
            }
            if (!toml.isString(key)) {
                problem(key, "must be a string");
                return fallback;
            }
            return toml.getString(key);
        }

        /** A file named relative to the configuration's directory; empty when the key is absent. */
        Optional<Path> path(String key) {
            String v = string(key, "");
            return v.isEmpty() ? Optional.empty() : Optional.of(file.resolveSibling(v));
        }

        long integer(String key, long fallback, long min, long max) {
            if (!toml.contains(key)) {
                return fallback;
            }
            Long v = toml.isLong(key) ? toml.getLong(key) : null;
            if (v == null || v < min || v > max) {
                problem(key, "must be a whole number from " + min + " to " + max);
                return fallback;
            }
            return v;
        }

        boolean bool(String key, boolean fallback) {
            if (!toml.contains(key)) {
                return fallback;
            }
            Boolean v = toml.isBoolean(key) ? toml.getBoolean(key) : null;
            if (v == null) {
                problem(key, "must be true or false");
                return fallback;
            }
            return v;
        }
    }
}
