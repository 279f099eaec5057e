package org.onedoor.terminal.recognition;

import java.util.regex.Pattern;

/** {@code [[profile]]}: a kind of code, recognised by a regular expression. */
public record CodeProfile(String name, Pattern pattern) {
    public boolean hasSubject() {
        return pattern.pattern().contains("(?<subject>");
    }
}
