package org.onedoor.terminal.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.onedoor.terminal.privacy.SecretFiles;

/** The county's signing tools hold their key files to the daemon's rule for every secret: its owner's only. */
final class SecretKeyFiles {

    private SecretKeyFiles() {
    }

    /** Whether {@code file} is refused because others may read or change it; if so, why, and the fix, on {@code err}. */
    static boolean refused(Path file, PrintWriter err) {
        try {
            SecretFiles.requireOwnerOnly(file);
            return false;
        } catch (IOException e) {
            err.println("onedoor: " + e.getMessage());
            return true;
        }
    }
}
