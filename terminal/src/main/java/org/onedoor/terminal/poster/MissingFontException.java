package org.onedoor.terminal.poster;

/** No installed font can draw the poster's text; the message names the package to install. */
public final class MissingFontException extends RuntimeException {
    MissingFontException(String message) {
        super(message);
    }
}
