package org.onedoor.terminal.daemon;

import java.io.IOException;
import java.nio.file.Path;
import org.onedoor.terminal.privacy.Pseudonymizer;
import org.onedoor.terminal.privacy.SecretFiles;

/** Secret files, readable by their owner only (docs/privacy.md); anything else is a configuration error. */
final class Secrets {
    private Secrets() {
    }

    /** A pseudonym key file. */
    static Pseudonymizer keyFile(String key, Path file) throws StartupException {
        require(key, file);
        try {
            return Pseudonymizer.fromKeyFile(file);
        } catch (IOException e) {
            throw new StartupException(key + ": " + e.getMessage(), true, e);
        }
    }

    static void require(String key, Path file) throws StartupException {
        try {
            SecretFiles.requireOwnerOnly(file);
        } catch (IOException e) {
            throw new StartupException(key + ": " + e.getMessage(), true, e);
        }
    }
}
