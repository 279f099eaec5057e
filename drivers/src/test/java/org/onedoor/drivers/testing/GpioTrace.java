package org.onedoor.drivers.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Reads the trace a simulated GPIO backend writes, one JSON object a line with exactly the fields
 * {@code t_ns, pin, name, state} in that order. Parsed with a strict pattern: no JSON library on
 * this classpath, and a line in any other shape is itself a failure.
 */
public final class GpioTrace {
    private static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile(
            "\\{\"t_ns\":(-?\\d+),\"pin\":(\\d+),\"name\":\"((?:[^\"\\\\]|\\\\.)*)\",\"state\":([01])\\}");

    /** One line of the trace; {@code name} still JSON-escaped. */
    public record Event(long tNanos, int pin, String name, int state) {
        public boolean active() {
            return state == 1;
        }
    }

    private GpioTrace() {
    }

    /** The GPIO's lines; those of the simulated voice, which writes its prompts to the same file, are left out. */
    public static List<Event> read(Path file) throws IOException {
        List<Event> events = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.contains("\"prompt\":")) {
                events.add(parse(line));
            }
        }
        return events;
    }

    /** Events of one pin, in order. */
    public static List<Event> forPin(Path file, int pin) throws IOException {
        return read(file).stream().filter(e -> e.pin() == pin).toList();
    }

    public static Event parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) {
            throw new AssertionError("not a GPIO trace line: " + line);
        }
        return new Event(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)), m.group(3),
                Integer.parseInt(m.group(4)));
    }
}
