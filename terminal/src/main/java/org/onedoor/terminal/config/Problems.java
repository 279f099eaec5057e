package org.onedoor.terminal.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tomlj.TomlParseError;

/** Collects problems as {@code file:line: key: message} and reports them all at once, in file order. */
final class Problems {

    private record Problem(int line, String text) {
    }

    private final String fileName;
    private final List<Problem> found = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();

    Problems(String fileName) {
        this.fileName = fileName;
    }

    void add(int line, String key, String message) {
        found.add(new Problem(line, fileName + ":" + line + ": " + key + ": " + message));
    }

    /** Something the file may still say, but should not: a renamed key's old name. */
    void warn(int line, String message) {
        warnings.add(new Problem(line, fileName + ":" + line + ": " + message));
    }

    /** The warnings, in file order. */
    List<String> warnings() {
        return inFileOrder(warnings);
    }

    void addSyntaxError(TomlParseError error) {
        int line = error.position().line();
        found.add(new Problem(line, fileName + ":" + line + ": syntax error at column "
                + error.position().column() + ": " + error.getMessage()));
    }

    void throwIfAny() throws ConfigException {
        if (!found.isEmpty()) {
            throw new ConfigException(inFileOrder(found));
        }
    }

    /** The sort is stable: problems on one line keep the order they were found in. */
    private static List<String> inFileOrder(List<Problem> problems) {
        return problems.stream().sorted(Comparator.comparingInt(Problem::line)).map(Problem::text).toList();
    }
}
