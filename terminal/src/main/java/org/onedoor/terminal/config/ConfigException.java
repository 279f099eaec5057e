package org.onedoor.terminal.config;

import java.util.List;

/**
 * The configuration cannot be used. Carries every problem found, each already prefixed with
 * {@code file:line:} and the dotted key, so the operator can fix them all in one pass.
 */
public class ConfigException extends Exception {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, in file order. */
    public List<String> problems() {
        return problems;
    }
}
