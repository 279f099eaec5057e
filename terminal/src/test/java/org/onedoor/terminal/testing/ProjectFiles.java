package org.onedoor.terminal.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository itself (docs, schemas), found from wherever the tests run. */
public final class ProjectFiles {
    private ProjectFiles() {
    }

    /** {@code relative} under the repository's root: the nearest folder up from here that holds docs/architecture.md. */
    public static Path repository(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/architecture.md"))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException("no docs/architecture.md above " + Path.of("").toAbsolutePath());
    }
}
