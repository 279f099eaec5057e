package org.onedoor.terminal.poster;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Chooses an installed font that has a glyph for every character of the poster. Java's logical
 * fonts (SansSerif, Dialog, …) are never chosen: they claim every character through fallbacks
 * that differ from machine to machine, and a poster must not print boxes where the names should be.
 */
final class PosterFont {
    /** The Debian packages that provide a suitable font; the .deb depends on one of them. */
    static final String PACKAGES = "fonts-noto-cjk or fonts-wqy-zenhei";

    /** Known good families first, so that the same machine setup always gives the same poster. */
    private static final List<String> PREFERRED = List.of("Noto Sans CJK SC", "Source Han Sans SC",
            "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Noto Sans SC", "Droid Sans Fallback");
    private static final Set<String> LOGICAL = Set.of("Dialog", "DialogInput", "Monospaced", "SansSerif", "Serif");

    private PosterFont() {
    }

    /**
     * @throws MissingFontException naming the packages to install when no installed font can draw {@code text}
     */
    static Font forText(String text) {
        String[] installed = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(Locale.ROOT);
        return forText(text, Arrays.asList(installed));
    }

    /** Chooses among the given families: preferred ones first, then the others in alphabetical order. */
    static Font forText(String text, List<String> families) {
        List<String> candidates = new ArrayList<>();
        PREFERRED.stream().filter(families::contains).forEach(candidates::add);
        families.stream().filter(f -> !PREFERRED.contains(f) && !LOGICAL.contains(f)).sorted().forEach(candidates::add);
        for (String family : candidates) {
            Font font = new Font(family, Font.PLAIN, 12);
            if (font.getFamily(Locale.ROOT).equals(family) && font.canDisplayUpTo(text) == -1) {
                return font;
            }
        }
        throw new MissingFontException("no installed font has every character of the poster's text; install the "
                + "Debian package " + PACKAGES);
    }
}
