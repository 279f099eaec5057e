package org.onedoor.terminal.command;

/**
 * A command that is not as docs/commands.md specifies. The message says what is wrong in words
 * of its own; it never repeats the offending text, which came from outside.
 */
public final class InvalidCommandException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidCommandException(String message) {
        super(message);
    }
}
