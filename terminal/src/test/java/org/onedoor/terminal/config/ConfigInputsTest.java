package org.onedoor.terminal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.gpio.Pull;
import org.onedoor.terminal.config.TerminalConfig.Input;
import org.onedoor.terminal.config.TerminalConfig.Inputs;
import org.onedoor.terminal.config.TerminalConfig.Lane;
import org.onedoor.terminal.config.TerminalConfig.LaneInputs;

/** {@code [inputs]}, each lane's {@code input.*} and {@code venue_code}, and {@code [terminal] venue_name}. */
class ConfigInputsTest {
    /** Everything but the lanes and the inputs, ending with line 14. */
    private static final String BASE = """
            [terminal]
            id = "t-0001"
            county = "430124"
            venue_id = "xiangjiang-market"
            venue_name = "湘江农贸市场"
            data_dir = "data"
            [health]
            url = "https://verify.example.gov.cn"
            [mqtt]
            url = "ssl://mqtt.example.gov.cn:8883"
            [privacy]
            key_file = "pseudonym.key"
            [[profile]]
            name = "badge"
            pattern = '^B:(?<subject>[0-9]+)$'
            """;

    @TempDir
    Path dir;

    @Test
    void inputsAreReadWithTheirPolarityAndPull() throws Exception {
        TerminalConfig config = load("""
                [inputs]
                debounce_ms = 50
                door_forced = { pin = 26, active_low = true }
                fire_alarm = { pin = 21, active_low = false, pull = "off" }
                fire_holds_open = true
                [[lane]]
                name = "east"
                entrance = "东门"
                venue_code = "https://hc.example.gov.cn/v/430124/8f3a2c91d0e4b7a6"
                scanner.port = "/dev/ttyUSB0"
                relay.pin = 17
                input.button = { pin = 16, active_low = true }
                input.passage = { pin = 20, active_low = false }
                """);

        assertEquals(new Inputs(Duration.ofMillis(50), Optional.of(new Input(26, true, Pull.UP)),
                Optional.of(new Input(21, false, Pull.OFF)), true), config.inputs());
        Lane east = config.lanes().get(0);
        assertEquals(new LaneInputs(Optional.of(new Input(16, true, Pull.UP)), Optional.of(new Input(20, false,
                Pull.DOWN))), east.inputs());
        assertEquals(Optional.of("https://hc.example.gov.cn/v/430124/8f3a2c91d0e4b7a6"), east.venueCode());
        assertEquals(Optional.of("湘江农贸市场"), config.terminal().venueName());
    }

    @Test
    void withoutInputsNothingIsWired() throws Exception {
        TerminalConfig config = load(lane(""));

        assertEquals(Inputs.NONE, config.inputs());
        assertEquals(LaneInputs.NONE, config.lanes().get(0).inputs());
        assertEquals(Optional.empty(), config.lanes().get(0).venueCode());
    }

    @Test
    void anInputPinClashingWithAnOutputOrAnotherInputNamesBothKeys() {
        assertEquals(List.of(
                        "onedoor.toml:18: inputs.fire_alarm.pin: 26 is already used by inputs.door_forced.pin",
                        "onedoor.toml:24: lane[0].relay.pin: 26 is already used by inputs.door_forced.pin",
                        "onedoor.toml:25: lane[0].input.button.pin: 22 is already used by lane[0].led.green"),
                problemsOf("""
                        [inputs]
                        door_forced = { pin = 26, active_low = true }
                        fire_alarm = { pin = 26, active_low = true }
                        [[lane]]
                        name = "east"
                        entrance = "东门"
                        scanner.port = "/dev/ttyUSB0"
                        led.green = 22
                        relay.pin = 26
                        input.button = { pin = 22, active_low = true }
                        """));
    }

    @Test
    void badInputsAreNamedAtTheirLines() {
        assertEquals(List.of(
                        "onedoor.toml:17: inputs.debounce_ms: must be between 0 and 1000, got 5000",
                        "onedoor.toml:18: inputs.door_forced.active_low: missing required key",
                        "onedoor.toml:19: inputs.fire_alarm: must be a table, got 25",
                        "onedoor.toml:20: inputs.sirens: unknown key (known here: debounce_ms, door_forced, "
                                + "fire_alarm, fire_holds_open)",
                        "onedoor.toml:26: lane[0].input.button.pin: must be a BCM pin number between 2 and 27, got 40",
                        "onedoor.toml:27: lane[0].input.passage.pull: must be one of \"up\", \"down\", \"off\", "
                                + "got \"strong\"",
                        "onedoor.toml:28: lane[0].input.bell: unknown key (known here: button, passage)"),
                problemsOf("""
                        [inputs]
                        debounce_ms = 5000
                        door_forced = { pin = 26 }
                        fire_alarm = 25
                        sirens = true
                        [[lane]]
                        name = "east"
                        entrance = "东门"
                        scanner.port = "/dev/ttyUSB0"
                        relay.pin = 17
                        input.button = { pin = 40, active_low = true }
                        input.passage = { pin = 20, active_low = false, pull = "strong" }
                        input.bell = { pin = 21, active_low = false }
                        """));
    }

    @Test
    void holdingTheRelaysNeedsAFireAlarm() {
        assertEquals(List.of("onedoor.toml:17: inputs.fire_holds_open: needs a fire_alarm input"),
                problemsOf("""
                        [inputs]
                        fire_holds_open = true
                        """ + lane("")));
    }

    @Test
    void aVenueCodeIsBoundedAndOneEntranceHasOneCode() {
        assertEquals(List.of(
                        "onedoor.toml:5: terminal.venue_name: must be 1 to 64 characters long, got 0",
                        "onedoor.toml:19: lane[0].venue_code: must be 1 to 256 characters long, got 0",
                        "onedoor.toml:31: lane[2].venue_code: entrance \"东门\" already has another code in "
                                + "lane[1].venue_code; one entrance has one venue code"),
                problemsOf(BASE.replace("venue_name = \"湘江农贸市场\"", "venue_name = \"\""), """
                        [[lane]]
                        name = "west"
                        entrance = "西门"
                        venue_code = ""
                        scanner.port = "/dev/ttyUSB0"
                        relay.pin = 17
                        [[lane]]
                        name = "east"
                        entrance = "东门"
                        venue_code = "https://hc.example.gov.cn/v/1"
                        scanner.port = "/dev/ttyUSB1"
                        relay.pin = 18
                        [[lane]]
                        name = "east-2"
                        entrance = "东门"
                        venue_code = "https://hc.example.gov.cn/v/2"
                        scanner.port = "/dev/ttyUSB2"
                        relay.pin = 19
                        """));
    }

    @Test
    void theShippedInputExamplesAreValidOnceUncommented() throws Exception {
        String shipped = Files.readString(Path.of("../config/onedoor.toml"));
        String uncommented = shipped.replaceAll("(?m)^# ((door_forced|fire_alarm|input\\.button|input\\.passage) = )",
                "$1");
        Path file = Files.writeString(dir.resolve("onedoor.toml"), uncommented);

        TerminalConfig config = ConfigLoader.load(file);

        assertEquals(Optional.of(Input.of(26, true)), config.inputs().doorForced());
        assertEquals(Optional.of(Input.of(21, true)), config.inputs().fireAlarm());
        assertEquals(new LaneInputs(Optional.of(Input.of(16, true)), Optional.of(Input.of(20, false))),
                config.lanes().get(0).inputs());
    }

    private static String lane(String extra) {
        return """
                [[lane]]
                name = "east"
                entrance = "东门"
                scanner.port = "/dev/ttyUSB0"
                relay.pin = 17
                """ + extra;
    }

    private TerminalConfig load(String tail) throws Exception {
        return ConfigLoader.load(write(BASE, tail));
    }

    private List<String> problemsOf(String tail) {
        return problemsOf(BASE, tail);
    }

    private List<String> problemsOf(String base, String tail) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(write(base, tail))).problems();
    }

    private Path write(String base, String tail) throws IOException {
        return Files.writeString(dir.resolve("onedoor.toml"), base + tail);
    }
}
