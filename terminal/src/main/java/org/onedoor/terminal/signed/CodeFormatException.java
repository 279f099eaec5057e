package org.onedoor.terminal.signed;

/**
 * A step of decoding failed. The message is one fixed word naming the step, never text from the
 * input, so it can be printed and recorded without leaking the code.
 */
final class CodeFormatException extends Exception {
    CodeFormatException(String word) {
        super(word, null, false, false);
    }

    String word() {
        return getMessage();
    }
}
