package org.onedoor.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path dir;

    @Test
    void aConfigurationForANewerReleaseExitsWith78BeforeAnythingStarts() throws Exception {
        Path config = Files.writeString(dir.resolve("onedoor.toml"), "config_version = 99\n");

        assertEquals(78, Main.commandLine().execute("run", "--config", config.toString()));
    }
}
