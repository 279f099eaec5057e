package org.onedoor.terminal.decision;

import org.onedoor.terminal.config.TerminalConfig;

/** For architecture.LayersTest only: a decision class that reads the configuration, which the layers forbid. */
public final class ForbiddenImportFixture {
    private ForbiddenImportFixture() {
    }

    public static Mode modeOf(TerminalConfig config) {
        return config.terminal().mode();
    }
}
