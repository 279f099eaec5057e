package org.onedoor.terminal.decision;

import org.onedoor.terminal.status.HealthStatus;

/** For architecture.LayersTest only: a decision class that uses the status layer below it, which is allowed. */
public final class PermittedImportFixture {
    private PermittedImportFixture() {
    }

    public static boolean green(HealthStatus status) {
        return status == HealthStatus.GREEN;
    }
}
