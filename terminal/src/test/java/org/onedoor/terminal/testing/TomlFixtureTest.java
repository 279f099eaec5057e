package org.onedoor.terminal.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.config.ConfigLoader;
import org.onedoor.terminal.config.TerminalConfig;

class TomlFixtureTest {
    @TempDir
    Path dir;

    @Test
    void theMinimalFileWithALaneLoadsAndCarriesWhatTheTestSet() throws Exception {
        Files.writeString(dir.resolve("pseudonym.key"), "x");
        TerminalConfig config = ConfigLoader.load(TomlFixture.minimal()
                .set("terminal.id", "t-fixture")
                .set("terminal.venue_name", "湘江 \"农贸\" 市场")
                .profile("badge", "^CB:(?<subject>[A-Z0-9]{8,40})$")
                .lane("east", "东门", "scanner.port", dir.resolve("tty \\ east"), "relay.pin", 17, "relay.active_low", true)
                .write(dir.resolve("onedoor.toml")));

        assertEquals("t-fixture", config.terminal().id());
        assertEquals("湘江 \"农贸\" 市场", config.terminal().venueName().orElseThrow());
        assertEquals("badge", config.profiles().get(0).name());
        assertTrue(config.profiles().get(0).pattern().matcher("CB:ABCDEFGH1").matches());
        assertEquals(dir.resolve("tty \\ east").toString(), config.lanes().get(0).scanner().port());
        assertTrue(config.lanes().get(0).relay().activeLow());
    }

    @Test
    void aRemovedKeyIsLeftOutAndAnEmptiedTableWithIt() {
        String toml = TomlFixture.minimal().remove("gpio.provider").toString();
        assertFalse(toml.contains("[gpio]"), toml);
        assertTrue(toml.contains("[[profile]]\nname = \"any\"\npattern = '.+'\n"), toml);
    }
}
