package org.onedoor.terminal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A terminal configuration file for tests, built from a valid minimal one: each test states only the keys
 * it is about. Tests whose subject is the file's exact text (its line numbers in error messages, a renamed
 * key) keep that text inline instead.
 *
 * <p>The start: {@code [terminal]} t-1 of county 430124 at venue "market" with data in {@code data};
 * {@code [health]} and {@code [mqtt]} on a closed port of 127.0.0.1; simulated GPIO; the pseudonym key in
 * {@code pseudonym.key}; one profile {@code any} that takes every text; one lane {@code east} at 东门 on
 * {@code /dev/ttyUSB0} with its relay on pin 17. A profile or lane the test gives replaces the default one.
 */
public final class TomlFixture {
    private final Map<String, Map<String, String>> tables = new LinkedHashMap<>();
    private final List<Map<String, String>> profiles = new ArrayList<>();
    private final List<Map<String, String>> lanes = new ArrayList<>();
    private boolean defaultProfile = true;
    private boolean defaultLane = true;

    private TomlFixture() {
    }

    public static TomlFixture minimal() {
        return new TomlFixture()
                .set("terminal.id", "t-1")
                .set("terminal.county", "430124")
                .set("terminal.venue_id", "market")
                .set("terminal.data_dir", "data")
                .set("health.url", "http://127.0.0.1:9")
                .set("mqtt.url", "tcp://127.0.0.1:1883")
                .set("gpio.provider", "simulated")
                .set("privacy.key_file", "pseudonym.key");
    }

    /** A TOML literal string ('...'): a regular expression without doubled backslashes. */
    public static Object literal(String text) {
        if (text.contains("'") || text.contains("\n")) {
            throw new IllegalArgumentException("a literal string cannot hold ' or a line break: " + text);
        }
        return new Verbatim("'" + text + "'");
    }

    /** A value written as given, e.g. an inline table {@code { pin = 26 }}. */
    public static Object verbatim(String toml) {
        return new Verbatim(toml);
    }

    /** Sets {@code table.key} (the first dot splits the table from the key); strings are quoted. */
    public TomlFixture set(String dottedKey, Object value) {
        int dot = dottedKey.indexOf('.');
        tables.computeIfAbsent(dottedKey.substring(0, dot), t -> new LinkedHashMap<>())
                .put(dottedKey.substring(dot + 1), render(value));
        return this;
    }

    /**
     * A venue that applies for its codes (docs/county.md, Enrollment): {@code [venue]} in county 430124 and
     * {@code [enrollment]} with the county's key and the device key file {@code device.key}.
     */
    public TomlFixture venue(String name, String countyKeyBase64) {
        return set("venue.name", name)
                .set("venue.category", "shopping/market")
                .set("venue.division", "430124101001")
                .set("venue.address", "湖南省长沙县星沙街道湘江路1号")
                .set("venue.lat", 28.246)
                .set("venue.lon", 113.083)
                .set("venue.admin_name", "李敏")
                .set("venue.admin_mobile", "13874260528")
                .set("enrollment.county_key", countyKeyBase64)
                .set("enrollment.device_key", "device.key");
    }

    /** Leaves {@code table.key} out; a table left empty is left out altogether. */
    public TomlFixture remove(String dottedKey) {
        int dot = dottedKey.indexOf('.');
        Map<String, String> table = tables.get(dottedKey.substring(0, dot));
        if (table != null) {
            table.remove(dottedKey.substring(dot + 1));
        }
        return this;
    }

    /** A {@code [[profile]]}; the first one given replaces the default {@code any}. */
    public TomlFixture profile(String name, String pattern) {
        defaultProfile = false;
        profiles.add(pairs("name", name, "pattern", literal(pattern)));
        return this;
    }

    /**
     * A {@code [[lane]]} with its dotted keys and values in pairs, e.g. {@code "scanner.port", port,
     * "relay.pin", 17}; the first one given replaces the default {@code east}.
     */
    public TomlFixture lane(String name, String entrance, Object... keysAndValues) {
        defaultLane = false;
        Map<String, String> lane = pairs("name", name, "entrance", entrance);
        lane.putAll(pairs(keysAndValues));
        lanes.add(lane);
        return this;
    }

    /** Writes the file (UTF-8) and returns it. */
    public Path write(Path file) {
        try {
            return Files.writeString(file, toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        StringBuilder toml = new StringBuilder();
        tables.forEach((name, keys) -> {
            if (!keys.isEmpty()) {
                toml.append('[').append(name).append("]\n");
                keys.forEach((key, value) -> toml.append(key).append(" = ").append(value).append('\n'));
            }
        });
        List<Map<String, String>> allProfiles = defaultProfile
                ? List.of(pairs("name", "any", "pattern", literal(".+"))) : profiles;
        allProfiles.forEach(profile -> arrayTable(toml, "profile", profile));
        List<Map<String, String>> allLanes = defaultLane ? List.of(pairs("name", "east", "entrance", "东门",
                "scanner.port", "/dev/ttyUSB0", "relay.pin", 17)) : lanes;
        allLanes.forEach(lane -> arrayTable(toml, "lane", lane));
        return toml.toString();
    }

    private static void arrayTable(StringBuilder toml, String name, Map<String, String> keys) {
        toml.append("[[").append(name).append("]]\n");
        keys.forEach((key, value) -> toml.append(key).append(" = ").append(value).append('\n'));
    }

    private static Map<String, String> pairs(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            pairs.put((String) keysAndValues[i], render(keysAndValues[i + 1]));
        }
        return pairs;
    }

    private static String render(Object value) {
        if (value instanceof Verbatim verbatim) {
            return verbatim.toml();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof String || value instanceof Path || value instanceof java.net.URI) {
            return quoted(value.toString());
        }
        throw new IllegalArgumentException("no TOML form for " + value.getClass().getName());
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private record Verbatim(String toml) {
    }
}
