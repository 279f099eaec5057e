package org.onedoor.terminal.event;

import java.util.Locale;

/** What the person showed, or who opened for them: every entry says which (docs/mqtt.md, Entry). */
public enum Credential {
    /** A scanned health code, or a text that was meant to be one. */
    CODE,
    /** A resident ID card on the lane's reader. */
    ID_CARD,
    /** A signed code (HC1) verified on the terminal. */
    SIGNED,
    /** The lane's guard button. */
    BUTTON,
    /** The county's signed {@code open} command. */
    REMOTE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The credential behind an entry of this status source, for every entry but an ID card's. */
    public static Credential ofSource(String source) {
        return switch (source) {
            case "signed" -> SIGNED;
            case "manual" -> BUTTON;
            case "remote" -> REMOTE;
            default -> CODE;
        };
    }
}
