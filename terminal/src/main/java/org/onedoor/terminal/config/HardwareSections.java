package org.onedoor.terminal.config;

import static org.onedoor.terminal.config.TableReader.BOOLEAN;
import static org.onedoor.terminal.config.TableReader.INTEGER;
import static org.onedoor.terminal.config.TableReader.STRING;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.onedoor.drivers.gpio.Pull;
import org.onedoor.drivers.serial.Framing;
import org.onedoor.drivers.serial.Gm65Profile;
import org.onedoor.terminal.config.TerminalConfig.Gm65;
import org.onedoor.terminal.config.TerminalConfig.IdCard;
import org.onedoor.terminal.config.TerminalConfig.Input;
import org.onedoor.terminal.config.TerminalConfig.Inputs;
import org.onedoor.terminal.config.TerminalConfig.Lane;
import org.onedoor.terminal.config.TerminalConfig.LaneInputs;
import org.onedoor.terminal.config.TerminalConfig.Leds;
import org.onedoor.terminal.config.TerminalConfig.Relay;
import org.onedoor.terminal.config.TerminalConfig.Scanner;
import org.onedoor.terminal.decision.Direction;
import org.onedoor.terminal.recognition.TextEncoding;

/**
 * The sections of the configuration that name hardware: the {@code [[lane]]}s with their scanner, relay,
 * lamps and inputs, and the terminal-wide {@code [inputs]}. One reader per file, since it remembers which key
 * first claimed each GPIO pin, serial port, lane name and entrance code, so that a second claim names the first.
 */
final class HardwareSections {
    private static final Map<String, TextEncoding> ENCODINGS =
            Values.choices(TextEncoding.values(), TextEncoding::configName);
    private static final String GENERIC = "generic";
    private static final String GM65 = "gm65";
    private static final Map<String, String> SCANNER_PROFILES =
            Values.choices(new String[] {GENERIC, GM65}, profile -> profile);
    private static final Map<String, Gm65Profile.Mode> GM65_MODES =
            Values.choices(Gm65Profile.Mode.values(), Gm65Profile.Mode::configName);
    static final List<Integer> BAUD_RATES = List.of(1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200);
    private static final Map<String, Direction> DIRECTIONS = Values.choices(Direction.values(), ConfigLoader::lowerCase);
    private static final Map<String, Framing> FRAMINGS = Values.choices(Framing.values(), Framing::configName);
    private static final Map<String, Pull> PULLS = Values.choices(Pull.values(), ConfigLoader::lowerCase);
    private static final int MAX_VENUE_CODE_LENGTH = 256;

    /** First user of each value that must be unique, so a second use can name the first. */
    private final Map<Integer, String> pinUsers = new HashMap<>();
    private final Map<String, String> laneNameUsers = new HashMap<>();
    private final Map<String, String> scannerPortUsers = new HashMap<>();
    /** Each entrance's venue code and the key that gave it first: one entrance has one code. */
    private final Map<String, String> entranceCodes = new HashMap<>();
    private final Map<String, String> entranceCodeKeys = new HashMap<>();

    /** Claims a serial port for a device outside the lanes (the SMS modem). */
    void claimPort(TableReader table, String key, String port) {
        ConfigLoader.requireUnique(scannerPortUsers, table, key, port);
    }

    Lane lane(TableReader lane) {
        String name = lane.required("name", STRING, Values::topicLevel);
        ConfigLoader.requireUnique(laneNameUsers, lane, "name", name);
        String entrance = lane.required("entrance", STRING, Values.text(1, 64));
        return new Lane(name, entrance,
                lane.orDefault("direction", STRING, Values.oneOf(DIRECTIONS), Direction.ENTRY),
                scanner(lane.table("scanner")),
                relay(lane.table("relay")),
                leds(lane.table("led")),
                venueCode(lane, entrance),
                laneInputs(lane.table("input")),
                idCard(lane));
    }

    /** A reader shares no port with a scanner or a modem: two readers of one line would steal its bytes. */
    private Optional<IdCard> idCard(TableReader lane) {
        if (!lane.has("idcard")) {
            return Optional.empty();
        }
        TableReader reader = lane.table("idcard");
        if (lane.hasProblem("idcard")) {
            return Optional.empty();
        }
        String port = reader.required("port", STRING, Values::nonEmpty);
        ConfigLoader.requireUnique(scannerPortUsers, reader, "port", port);
        return Optional.of(new IdCard(port,
                reader.orDefault("baud", INTEGER, Values.oneOf(BAUD_RATES), IdCard.DEFAULT_BAUD),
                reader.orDefault("poll_ms", INTEGER, Values.range(20, 5000), IdCard.DEFAULT_POLL_MS)));
    }

    /** The lanes of one entrance share its poster, so they cannot name two codes. */
    private Optional<String> venueCode(TableReader lane, String entrance) {
        Optional<String> code = lane.optional("venue_code", STRING, Values.text(1, MAX_VENUE_CODE_LENGTH));
        if (code.isPresent() && entrance != null) {
            String first = entranceCodes.putIfAbsent(entrance, code.get());
            entranceCodeKeys.putIfAbsent(entrance, lane.keyPath("venue_code"));
            if (first != null && !first.equals(code.get())) {
                lane.problem("venue_code", "entrance " + Values.show(entrance) + " already has another code in "
                        + entranceCodeKeys.get(entrance) + "; one entrance has one venue code");
            }
        }
        return code;
    }

    private LaneInputs laneInputs(TableReader input) {
        return new LaneInputs(input(input, "button"), input(input, "passage"));
    }

    Inputs inputs(TableReader inputs) {
        Duration debounce = Duration.ofMillis(inputs.orDefault("debounce_ms", INTEGER, Values.range(0, 1000),
                (int) Inputs.DEFAULT_DEBOUNCE.toMillis()));
        Optional<Input> doorForced = input(inputs, "door_forced");
        Optional<Input> fireAlarm = input(inputs, "fire_alarm");
        boolean fireHoldsOpen = inputs.flag("fire_holds_open", false);
        if (fireHoldsOpen && !inputs.has("fire_alarm")) {
            inputs.problem("fire_holds_open", "needs a fire_alarm input");
        }
        return new Inputs(debounce, doorForced, fireAlarm, fireHoldsOpen);
    }

    /**
     * An input, written as an inline table {@code { pin = 16, active_low = true }}. The polarity has no default:
     * a wrong guess reads a contact at rest as in alarm, or a button as always pressed.
     */
    private Optional<Input> input(TableReader parent, String key) {
        if (!parent.has(key)) {
            return Optional.empty();
        }
        TableReader input = parent.table(key);
        if (parent.hasProblem(key)) {
            return Optional.empty();
        }
        Integer pin = input.required("pin", INTEGER, Values::pin);
        ConfigLoader.requireUnique(pinUsers, input, "pin", pin);
        Boolean activeLow = input.required("active_low", BOOLEAN, value -> value);
        Optional<Pull> pull = input.optional("pull", STRING, Values.oneOf(PULLS));
        if (pin == null || activeLow == null) {
            return Optional.empty(); // reported: this configuration is never returned
        }
        return Optional.of(new Input(pin, activeLow, pull.orElse(Pull.forPolarity(activeLow))));
    }

    private Scanner scanner(TableReader scanner) {
        String port = scanner.required("port", STRING, Values::nonEmpty);
        ConfigLoader.requireUnique(scannerPortUsers, scanner, "port", port);
        return new Scanner(port,
                scanner.orDefault("baud", INTEGER, Values.oneOf(BAUD_RATES), 9600),
                scanner.orDefault("framing", STRING, Values.oneOf(FRAMINGS), Framing.CR),
                scanner.orDefault("idle_ms", INTEGER, Values.range(5, 1000), Framing.DEFAULT_IDLE_MS),
                scanner.orDefault("max_frame_bytes", INTEGER, Values.range(64, 65_536), Framing.DEFAULT_MAX_FRAME_BYTES),
                scanner.orDefault("charset", STRING, Values.oneOf(ENCODINGS), TextEncoding.UTF_8),
                gm65(scanner));
    }

    /** The gm65 keys are read whatever the profile, so that with another profile each one is named. */
    private static Optional<Gm65> gm65(TableReader scanner) {
        String profile = scanner.orDefault("profile", STRING, Values.oneOf(SCANNER_PROFILES), GENERIC);
        Map<String, Optional<?>> given = new LinkedHashMap<>();
        Optional<Gm65Profile.Mode> mode = scanner.optional("mode", STRING, Values.oneOf(GM65_MODES));
        given.put("mode", mode);
        Optional<Integer> delay = scanner.optional("same_code_delay_ms", INTEGER,
                Values.steps(0, Gm65Profile.MAX_SAME_CODE_DELAY_MS, Gm65Profile.SAME_CODE_DELAY_STEP_MS));
        given.put("same_code_delay_ms", delay);
        Optional<Boolean> beep = scanner.optional("beep", BOOLEAN, value -> value);
        given.put("beep", beep);
        Optional<Boolean> signalRefusal = scanner.optional("signal_refusal", BOOLEAN, value -> value);
        given.put("signal_refusal", signalRefusal);
        if (!GM65.equals(profile)) {
            // An invalid profile is reported already; a second message about it would only mislead.
            if (!scanner.hasProblem("profile")) {
                given.forEach((key, value) -> value.ifPresent(v -> scanner.problem(key,
                        "allowed only with profile \"gm65\", profile is " + Values.show(profile))));
            }
            return Optional.empty();
        }
        return Optional.of(new Gm65(mode.orElse(Gm65Profile.Mode.CONTINUOUS), delay.orElse(1000),
                beep.orElse(true), signalRefusal.orElse(true)));
    }

    private Relay relay(TableReader relay) {
        Integer pin = relay.required("pin", INTEGER, Values::pin);
        ConfigLoader.requireUnique(pinUsers, relay, "pin", pin);
        // 0 stands in for a missing or invalid pin: that is reported, so this config is never returned.
        return new Relay(pin == null ? 0 : pin,
                relay.orDefault("pulse_ms", INTEGER, Values.range(50, 5000), 300),
                relay.flag("active_low", false));
    }

    private Leds leds(TableReader led) {
        return new Leds(optionalPin(led, "green"), optionalPin(led, "red"), optionalPin(led, "amber"),
                optionalPin(led, "buzzer"), led.flag("active_low", false));
    }

    private Optional<Integer> optionalPin(TableReader table, String key) {
        Optional<Integer> pin = table.optional(key, INTEGER, Values::pin);
        pin.ifPresent(value -> ConfigLoader.requireUnique(pinUsers, table, key, value));
        return pin;
    }
}
