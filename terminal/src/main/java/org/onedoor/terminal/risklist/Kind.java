package org.onedoor.terminal.risklist;

import java.util.Locale;
import java.util.Optional;

/** The two kinds of risk-list message, each on its own topic. */
public enum Kind {
    /** The whole list at one version; published retained, so a terminal that connects gets it at once. */
    SNAPSHOT,
    /** The changes from one version to a later one; never retained. */
    DELTA;

    /** {@code snapshot} or {@code delta}: the {@code kind} field and the last topic level. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code {topicRoot}/{county}/risklist/{kind}}. */
    public String topic(String topicRoot, String county) {
        return topicRoot + "/" + county + "/risklist/" + wireName();
    }

    static Optional<Kind> fromWire(String wire) {
        for (Kind kind : values()) {
            if (kind.wireName().equals(wire)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
