package org.onedoor.terminal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config_version} and renamed keys: an upgraded terminal keeps reading the file it has. */
class ConfigVersionsTest {
    /** Everything but {@code [terminal]}. */
    private static final String REST = """
            [health]
            url = "https://verify.example.gov.cn"
            [mqtt]
            url = "ssl://mqtt.example.gov.cn:8883"
            [privacy]
            key_file = "pseudonym.key"
            [[profile]]
            name = "badge"
            pattern = '^B:(?<subject>[0-9]+)$'
            [[lane]]
            name = "east"
            entrance = "东门"
            scanner.port = "/dev/ttyUSB0"
            relay.pin = 17
            """;

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void aFileOfTheFirstVersionIsReadWithOneWarningPerOldName() throws Exception {
        TerminalConfig config = ConfigLoader.load(write("""
                [terminal]
                id = "t-0001"
                county = "430124"
                venue = "xiangjiang-market"
                data_dir = "data"
                """), warnings::add);

        assertEquals("xiangjiang-market", config.terminal().venue());
        assertEquals(List.of("onedoor.toml:4: terminal.venue is renamed terminal.venue_id since config_version 2; "
                + "the old name is still read, but will not always be"), warnings);
    }

    @Test
    void aCurrentFileReadsWithoutWarnings() throws Exception {
        TerminalConfig config = ConfigLoader.load(write("""
                config_version = 2
                [terminal]
                id = "t-0001"
                county = "430124"
                venue_id = "xiangjiang-market"
                data_dir = "data"
                """), warnings::add);

        assertEquals("xiangjiang-market", config.terminal().venue());
        assertEquals(List.of(), warnings);
    }

    @Test
    void theOldAndTheNewNameTogetherAreRefused() {
        assertEquals(List.of("onedoor.toml:4: terminal.venue: renamed terminal.venue_id in config_version 2, which is "
                + "also given: remove terminal.venue"), problemsOf("""
                [terminal]
                id = "t-0001"
                county = "430124"
                venue = "old-market"
                venue_id = "xiangjiang-market"
                data_dir = "data"
                """));
    }

    @Test
    void aBadValueUnderTheOldNameIsNamedAsWritten() {
        assertEquals(List.of("onedoor.toml:4: terminal.venue: must be 1 to 64 letters, digits, '-' or '_' (it is an "
                + "MQTT topic level), got \"湘江农贸市场\""), problemsOf("""
                [terminal]
                id = "t-0001"
                county = "430124"
                venue = "湘江农贸市场"
                data_dir = "data"
                """));
    }

    @Test
    void aFileForANewerReleaseIsRefusedWithOneClearProblem() {
        assertEquals(List.of("onedoor.toml:1: config_version: is 3, but this OneDoor reads configuration versions 1 "
                + "to 2: install the release the file was written for, or a newer one"), problemsOf("""
                config_version = 3
                [terminal]
                id = "t-0001"
                county = "430124"
                venue_id = "xiangjiang-market"
                data_dir = "data"
                a_key_of_version_3 = true
                """));
    }

    @Test
    void aVersionBelowOneIsRefused() {
        assertEquals(List.of("onedoor.toml:1: config_version: must be between 1 and 2, got 0"), problemsOf("""
                config_version = 0
                """));
    }

    @Test
    void theShippedFileIsOfTheCurrentVersionAndUsesNoOldName() throws Exception {
        ConfigLoader.load(Path.of("../config/onedoor.toml"), warnings::add);

        assertEquals(List.of(), warnings);
        assertEquals(1, Files.readAllLines(Path.of("../config/onedoor.toml")).stream()
                .filter(line -> line.equals("config_version = " + ConfigVersions.CURRENT)).count());
    }

    private List<String> problemsOf(String terminal) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(write(terminal), warnings::add)).problems();
    }

    private Path write(String terminal) throws IOException {
        return Files.writeString(dir.resolve("onedoor.toml"), terminal + REST);
    }
}
