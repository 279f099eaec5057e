package org.onedoor.terminal.command;

/**
 * Free text a command may carry: what a person typed, nothing that changes how a log line or a
 * dashboard shows it. Line breaks would also make the signed form ambiguous (docs/commands.md).
 */
final class PlainText {
    private PlainText() {
    }

    /** 1 to {@code maxLength} code points, none a control, formatting, separator, private or unpaired one. */
    static boolean isPlain(String text, int maxLength) {
        if (text == null || text.isEmpty() || text.codePointCount(0, text.length()) > maxLength) {
            return false;
        }
        return text.codePoints().allMatch(PlainText::isPrintable);
    }

    private static boolean isPrintable(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR:
                return false;
            default:
                return true;
        }
    }
}
