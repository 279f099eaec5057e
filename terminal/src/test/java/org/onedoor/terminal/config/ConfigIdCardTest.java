package org.onedoor.terminal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.config.TerminalConfig.IdCard;
import org.onedoor.terminal.testing.TomlFixture;

/** A lane's {@code idcard.*} keys: defaults, ranges, a port of its own; a bad one names its key and line. */
class ConfigIdCardTest {
    @TempDir
    Path dir;

    @BeforeEach
    void key() throws Exception {
        Files.writeString(dir.resolve("pseudonym.key"), "x");
    }

    @Test
    void aLaneWithoutAReaderHasNone() throws Exception {
        assertEquals(Optional.empty(), load(TomlFixture.minimal()).lanes().get(0).idCard());
    }

    @Test
    void defaultsAre115200BaudAndAPollEvery300Ms() throws Exception {
        TerminalConfig config = load(lane("idcard.port", "/dev/ttyUSB1"));
        assertEquals(Optional.of(new IdCard("/dev/ttyUSB1", 115200, 300)), config.lanes().get(0).idCard());
        config = load(lane("idcard.port", "/dev/ttyUSB1", "idcard.baud", 9600, "idcard.poll_ms", 500));
        assertEquals(Optional.of(new IdCard("/dev/ttyUSB1", 9600, 500)), config.lanes().get(0).idCard());
    }

    @Test
    void badKeysAreNamedWithTheirLine() {
        assertEquals(List.of("onedoor.toml:23: lane[0].idcard.poll_ms: must be between 20 and 5000, got 5"),
                problems(lane("idcard.port", "/dev/ttyUSB1", "idcard.poll_ms", 5)));
        assertEquals(List.of("onedoor.toml:23: lane[0].idcard.baud: must be one of 1200, 2400, 4800, 9600, 19200,"
                + " 38400, 57600, 115200, got 12345"), problems(lane("idcard.port", "/dev/ttyUSB1", "idcard.baud", 12345)));
        assertEquals(1, problems(lane("idcard.baud", 9600)).size(), "no port");
        List<String> unknown = problems(lane("idcard.port", "/dev/ttyUSB1", "idcard.pol_ms", 300));
        assertEquals(1, unknown.size(), unknown.toString());
        assertEquals(true, unknown.get(0).startsWith("onedoor.toml:23: lane[0].idcard.pol_ms: unknown key"), unknown.get(0));
    }

    @Test
    void theReaderCannotShareTheScannersPort() {
        List<String> problems = problems(lane("idcard.port", "/dev/ttyUSB0"));
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).contains("lane[0].idcard.port: \"/dev/ttyUSB0\" is already used by"
                + " lane[0].scanner.port"), problems.get(0));
    }

    private static TomlFixture lane(Object... idCardKeys) {
        Object[] keys = new Object[4 + idCardKeys.length];
        keys[0] = "scanner.port";
        keys[1] = "/dev/ttyUSB0";
        keys[2] = "relay.pin";
        keys[3] = 17;
        System.arraycopy(idCardKeys, 0, keys, 4, idCardKeys.length);
        return TomlFixture.minimal().lane("east", "东门", keys);
    }

    private TerminalConfig load(TomlFixture toml) throws ConfigException {
        return ConfigLoader.load(toml.write(dir.resolve("onedoor.toml")));
    }

    private List<String> problems(TomlFixture toml) {
        return assertThrows(ConfigException.class, () -> load(toml)).problems();
    }
}
