package org.onedoor.terminal.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed, position-aware reading of one TOML table. Every problem is reported with the dotted key
 * and line; missing keys are reported at the line where the table starts.
 *
 * <p>A reader does not stop at a problem: it reports it and returns a placeholder (null, empty or
 * the default) so that the rest of the file is still checked. {@link ConfigLoader} throws before
 * any placeholder can escape. Every key a caller asks for is remembered as known, so the keys
 * nobody asked for are exactly the unknown ones.
 */
final class TableReader {

    /** A TOML value type, as tomlj represents it, and how it is named in messages. */
    record TomlType<R>(Class<R> javaType, String description) {
    }

    static final TomlType<String> STRING = new TomlType<>(String.class, "a string");
    static final TomlType<Long> INTEGER = new TomlType<>(Long.class, "an integer");
    static final TomlType<Boolean> BOOLEAN = new TomlType<>(Boolean.class, "a boolean");
    static final TomlType<Number> NUMBER = new TomlType<>(Number.class, "a number");
    static final TomlType<TomlArray> ARRAY = new TomlType<>(TomlArray.class, "an array");

    /** Checks a raw TOML value and turns it into its typed form. */
    @FunctionalInterface
    interface Converter<R, T> {
        T convert(R raw) throws InvalidValueException;
    }

    /** Stands in for a table the file does not have, so callers read it like any other. */
    private static final TomlTable EMPTY = Toml.parse("");

    private final TomlTable table;
    private final String path;
    private final int line;
    private final Problems problems;
    /** All readers made from the same root, root included: unknown keys are checked in each. */
    private final List<TableReader> tree;
    private final Set<String> knownKeys = new LinkedHashSet<>();
    /** Old names of renamed keys that were read in place of their new names. */
    private final Set<String> oldNamesRead = new HashSet<>();
    private final Set<String> rejectedKeys = new HashSet<>();

    private TableReader(TomlTable table, String path, int line, Problems problems, List<TableReader> tree) {
        this.table = table;
        this.path = path;
        this.line = line;
        this.problems = problems;
        this.tree = tree;
        tree.add(this);
    }

    static TableReader root(TomlTable document, Problems problems) {
        return new TableReader(document, "", 1, problems, new ArrayList<>());
    }

    /** The value, or null (and a "missing required key" problem) if absent or invalid. */
    <R, T> T required(String key, TomlType<R> type, Converter<R, T> converter) {
        Written written = lookup(key);
        if (written.raw() == null) {
            reject(key, line, "missing required key");
            return null;
        }
        return convert(written.key(), written.raw(), type, converter).orElse(null);
    }

    /** The value; empty if absent, or if invalid (then reported). */
    <R, T> Optional<T> optional(String key, TomlType<R> type, Converter<R, T> converter) {
        Written written = lookup(key);
        return written.raw() == null ? Optional.empty() : convert(written.key(), written.raw(), type, converter);
    }

    <R, T> T orDefault(String key, TomlType<R> type, Converter<R, T> converter, T defaultValue) {
        return optional(key, type, converter).orElse(defaultValue);
    }

    boolean flag(String key, boolean defaultValue) {
        return orDefault(key, BOOLEAN, value -> value, defaultValue);
    }

    /** Whether the file has this key at all (a table, say, that is optional as a whole). */
    boolean has(String key) {
        return lookup(key).raw() != null;
    }

    /** A sub-table, written {@code [a.key]}, as dotted keys or inline; an empty one if absent. */
    TableReader table(String key) {
        Object raw = lookup(key).raw();
        if (raw instanceof TomlTable subTable) {
            return new TableReader(subTable, keyPath(key), lineOf(key), problems, tree);
        }
        if (raw != null) {
            reject(key, lineOf(key), "must be a table, got " + Values.show(raw));
        }
        return new TableReader(EMPTY, keyPath(key), line, problems, tree);
    }

    /** The entries of a required, non-empty {@code [[key]]} array; none if it is absent or invalid. */
    List<TableReader> arrayOfTables(String key) {
        Object raw = lookup(key).raw();
        if (raw == null) {
            reject(key, line, "missing required key (at least one [[" + key + "]])");
            return List.of();
        }
        if (!(raw instanceof TomlArray array) || !holdsOnlyTables(array)) {
            reject(key, lineOf(key), "must be an array of tables, written [[" + key + "]]");
            return List.of();
        }
        if (array.isEmpty()) {
            reject(key, lineOf(key), "must have at least one [[" + key + "]]");
            return List.of();
        }
        List<TableReader> entries = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            entries.add(new TableReader(array.getTable(i), keyPath(key) + "[" + i + "]",
                    array.inputPositionOf(i).line(), problems, tree));
        }
        return entries;
    }

    /** Reports a problem found after reading, such as a clash with another key. */
    void problem(String key, String message) {
        reject(key, lineOf(key), message);
    }

    boolean hasProblem(String key) {
        return rejectedKeys.contains(key);
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Reports, in this reader and every reader made from the same root, the keys nobody asked for. */
    void rejectUnknownKeysInTree() {
        tree.forEach(TableReader::rejectUnknownKeys);
    }

    private void rejectUnknownKeys() {
        for (String key : table.keySet()) {
            if (!knownKeys.contains(key) && !oldNamesRead.contains(key)) {
                problems.add(lineOf(key), keyPath(key),
                        "unknown key (known here: " + String.join(", ", knownKeys) + ")");
            }
        }
    }

    /** A value as the file wrote it, under the name it used: a renamed key's old name, perhaps. */
    private record Written(String key, Object raw) {
    }

    private Written lookup(String key) {
        knownKeys.add(key);
        Object raw = get(key);
        Optional<ConfigVersions.Rename> rename = ConfigVersions.renamedTo(path, key);
        if (rename.isEmpty() || get(rename.get().oldKey()) == null) {
            return new Written(key, raw);
        }
        String oldKey = rename.get().oldKey();
        if (oldNamesRead.add(oldKey)) {
            if (raw != null) {
                reject(oldKey, lineOf(oldKey), "renamed " + keyPath(key) + " in config_version "
                        + rename.get().since() + ", which is also given: remove " + keyPath(oldKey));
            } else {
                problems.warn(lineOf(oldKey), keyPath(oldKey) + " is renamed " + keyPath(key) + " since config_version "
                        + rename.get().since() + "; the old name is still read, but will not always be");
            }
        }
        return raw != null ? new Written(key, raw) : new Written(oldKey, get(oldKey));
    }

    /** A one-element path: tomlj must not split a key on dots a second time. */
    private Object get(String key) {
        return table.get(List.of(key));
    }

    private <R, T> Optional<T> convert(String key, Object raw, TomlType<R> type, Converter<R, T> converter) {
        if (!type.javaType().isInstance(raw)) {
            reject(key, lineOf(key), "must be " + type.description() + ", got " + Values.show(raw));
            return Optional.empty();
        }
        try {
            return Optional.of(converter.convert(type.javaType().cast(raw)));
        } catch (InvalidValueException e) {
            reject(key, lineOf(key), e.getMessage());
            return Optional.empty();
        }
    }

    private void reject(String key, int problemLine, String message) {
        rejectedKeys.add(key);
        problems.add(problemLine, keyPath(key), message);
    }

    int lineOf(String key) {
        TomlPosition position = table.inputPositionOf(List.of(key));
        return position == null ? line : position.line();
    }

    private static boolean holdsOnlyTables(TomlArray array) {
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof TomlTable)) {
                return false;
            }
        }
        return true;
    }
}
