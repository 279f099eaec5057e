package org.onedoor.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.poster.Entrance;

class PosterCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesOnePosterPerEntranceNotPerLane() {
        int exit = Main.commandLine().execute("poster", "--venue-name", "湘江农贸市场",
                "--entrance", "东门=https://hc.example.gov.cn/v/1?a=b&c=d",
                "--entrance", "东门=https://hc.example.gov.cn/v/1?a=b&c=d",
                "--out", dir.resolve("posters").toString());
        assertEquals(0, exit);
        assertTrue(Files.isRegularFile(dir.resolve("posters/poster-1.png")));
        assertFalse(Files.exists(dir.resolve("posters/poster-2.png")), "two lanes of one entrance, one poster");
    }

    @Test
    void aMalformedEntranceIsRefusedBeforeAnythingIsWritten() {
        int exit = Main.commandLine().execute("poster", "--venue-name", "湘江农贸市场",
                "--entrance", "东门", "--out", dir.toString());
        assertEquals(1, exit);
        assertFalse(Files.exists(dir.resolve("poster-1.png")));
    }

    @Test
    void theCodeIsSplitAtTheFirstEqualsSign() {
        assertEquals(List.of(new Entrance("西门", "https://x.example/?a=1&b=2")),
                PosterCommand.parse(List.of("西门=https://x.example/?a=1&b=2")));
    }
}
