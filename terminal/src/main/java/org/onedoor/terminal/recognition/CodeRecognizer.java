package org.onedoor.terminal.recognition;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;

/** Finds the first configured profile whose whole pattern matches a scanned text. */
public final class CodeRecognizer {
    private final List<CodeProfile> profiles;

    public CodeRecognizer(List<CodeProfile> profiles) {
        this.profiles = List.copyOf(profiles);
    }

    public Optional<RecognizedCode> recognize(String text) {
        for (CodeProfile profile : profiles) {
            Matcher m = profile.pattern().matcher(text);
            if (m.matches()) {
                return Optional.of(new RecognizedCode(profile.name(), text, subjectOf(profile, m)));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> subjectOf(CodeProfile profile, Matcher m) {
        if (!profile.hasSubject()) {
            return Optional.empty();
        }
        String subject = m.group("subject");
        return subject == null || subject.isEmpty() ? Optional.empty() : Optional.of(subject);
    }
}
