package org.onedoor.terminal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.config.ConfigLoader;
import org.onedoor.terminal.poster.Entrance;
import org.onedoor.terminal.testing.TomlFixture;

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
    void theConfigurationGivesOnePosterPerEntranceThatHasAVenueCode() throws Exception {
        Path config = writeConfig("湘江农贸市场");

        assertEquals(List.of(new Entrance("东门", EAST_CODE), new Entrance("东门", EAST_CODE),
                        new Entrance("南门", SOUTH_CODE)),
                PosterCommand.entrancesOf(ConfigLoader.load(config)));
        int exit = Main.commandLine().execute("poster", "--config", config.toString(),
                "--out", dir.resolve("posters").toString());
        assertEquals(0, exit);
        assertTrue(Files.isRegularFile(dir.resolve("posters/poster-2.png")), "南门");
        assertFalse(Files.exists(dir.resolve("posters/poster-3.png")), "east and east-exit share 东门's poster");
    }

    @Test
    void withoutAVenueNameNothingIsWritten() throws Exception {
        int exit = Main.commandLine().execute("poster", "--config", writeConfig(null).toString(),
                "--out", dir.toString());
        assertEquals(1, exit);
        assertFalse(Files.exists(dir.resolve("poster-1.png")));
    }

    @Test
    void anInvalidConfigurationExitsWith78() throws Exception {
        Path config = Files.writeString(dir.resolve("broken.toml"), "[terminal]\nid = \"t 1\"\n");
        assertEquals(78, Main.commandLine().execute("poster", "--config", config.toString(), "--out", dir.toString()));
        assertFalse(Files.exists(dir.resolve("poster-1.png")));
    }

    @Test
    void theCodeIsSplitAtTheFirstEqualsSign() {
        assertEquals(List.of(new Entrance("西门", "https://x.example/?a=1&b=2")),
                PosterCommand.parse(List.of("西门=https://x.example/?a=1&b=2")));
    }

    private static final String EAST_CODE = "https://hc.example.gov.cn/v/430124/8f3a2c91d0e4b7a6";
    private static final String SOUTH_CODE = "https://hc.example.gov.cn/v/430124/0c77e1a9b35f2d48";

    /** East and its exit share 东门's code; a lane of 南门 has its own; a staff lane has none. */
    private Path writeConfig(String venueName) {
        TomlFixture toml = TomlFixture.minimal().set("terminal.id", "t-0001")
                .set("terminal.venue_id", "xiangjiang-market")
                .profile("badge", "^B:(?<subject>[0-9]+)$")
                .lane("east", "东门", "venue_code", EAST_CODE, "scanner.port", "/dev/ttyUSB0", "relay.pin", 17)
                .lane("east-exit", "东门", "direction", "exit", "venue_code", EAST_CODE, "scanner.port", "/dev/ttyUSB1",
                        "relay.pin", 18)
                .lane("staff", "员工通道", "scanner.port", "/dev/ttyUSB2", "relay.pin", 19)
                .lane("south", "南门", "venue_code", SOUTH_CODE, "scanner.port", "/dev/ttyUSB3", "relay.pin", 20);
        if (venueName != null) {
            toml.set("terminal.venue_name", venueName);
        }
        return toml.write(dir.resolve("onedoor.toml"));
    }
}
