package org.onedoor.terminal.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.recognition.CodeProfile;

/** Which sections of a reloaded configuration differ from the running one in a way only a restart applies. */
final class ConfigDifferences {
    private ConfigDifferences() {
    }

    static List<String> restartNeeded(TerminalConfig running, TerminalConfig next) {
        List<String> sections = new ArrayList<>();
        var a = running.terminal();
        var b = next.terminal();
        compare(sections, "terminal", List.of(a.id(), a.county(), a.venue(), a.dataDir()),
                List.of(b.id(), b.county(), b.venue(), b.dataDir()));
        compare(sections, "health", running.health(), next.health());
        compare(sections, "mqtt", running.mqtt(), next.mqtt());
        compare(sections, "gpio", running.gpio(), next.gpio());
        compare(sections, "privacy", running.privacy(), next.privacy());
        compare(sections, "decision", running.decision(), next.decision());
        compare(sections, "ledger", running.ledger(), next.ledger());
        compare(sections, "risklist", running.riskList(), next.riskList());
        compare(sections, "signed", running.signed(), next.signed());
        compare(sections, "sms", running.sms(), next.sms());
        compare(sections, "profile", patterns(running.profiles()), patterns(next.profiles()));
        compare(sections, "lane", running.lanes(), next.lanes());
        compare(sections, "inputs", running.inputs(), next.inputs());
        compare(sections, "voice", running.voice(), next.voice());
        return sections;
    }

    /** A compiled pattern has no value equality; its source text does. */
    private static List<String> patterns(List<CodeProfile> profiles) {
        return profiles.stream().map(p -> p.name() + "=" + p.pattern().pattern()).toList();
    }

    private static void compare(List<String> sections, String name, Object running, Object next) {
        if (!Objects.equals(running, next)) {
            sections.add(name);
        }
    }
}
