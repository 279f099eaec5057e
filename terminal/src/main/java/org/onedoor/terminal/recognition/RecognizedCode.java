package org.onedoor.terminal.recognition;

import java.util.Optional;

/**
 * A scanned text that matched a profile.
 *
 * @param text    the scanned text: personal data, kept in memory only for the verify call
 * @param subject the stable person identifier inside the code, when the profile has one
 */
public record RecognizedCode(String profile, String text, Optional<String> subject) {
    @Override
    public String toString() {
        return "RecognizedCode[profile=" + profile + ", length=" + text.length() + "]";
    }
}
