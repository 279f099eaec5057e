package org.onedoor.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.GpioTrace;
import org.onedoor.drivers.testing.GpioTrace.Event;

class SimulatedGpioBackendTest {
    @TempDir
    Path dir;

    @Test
    void tracesInitialSafeStateAndOnlyChanges() throws IOException {
        Path trace = dir.resolve("gpio.jsonl");
        List<String> console = new CopyOnWriteArrayList<>();
        try (SimulatedGpioBackend gpio = new SimulatedGpioBackend(Optional.of(trace), console::add)) {
            DigitalLine relay = gpio.output(17, "east relay", true);
            assertEquals(List.of(0), states(trace, 17), "initial safe state written at creation");

            relay.set(true);
            relay.set(true);
            relay.set(false);
            relay.set(false);
            assertEquals(List.of(0, 1, 0), states(trace, 17), "repeats are not written");

            relay.set(true);
            assertTrue(relay.isActive());
        }
        assertEquals(List.of(0, 1, 0, 1, 0), states(trace, 17), "close drives the line safe");
        assertEquals(List.of("  [gpio] east relay (pin 17) ON", "  [gpio] east relay (pin 17) OFF",
                "  [gpio] east relay (pin 17) ON", "  [gpio] east relay (pin 17) OFF"), console);
        List<Event> events = GpioTrace.read(trace);
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).tNanos() >= events.get(i - 1).tNanos(), "timestamps in order");
        }
    }

    @Test
    void traceLineHasExactFieldsAndEscapedName() throws IOException {
        Path trace = dir.resolve("gpio.jsonl");
        try (SimulatedGpioBackend gpio = new SimulatedGpioBackend(Optional.of(trace), null)) {
            gpio.output(5, "lamp \"A\"\\\n", false);
        }
        Event event = GpioTrace.parse(Files.readAllLines(trace).get(0));
        assertEquals(5, event.pin());
        assertEquals("lamp \\\"A\\\"\\\\\\n", event.name(), "quote, backslash and newline escaped");
        assertEquals(0, event.state());
    }

    @Test
    void concurrentWritersNeverInterleaveLines() throws Exception {
        Path trace = dir.resolve("gpio.jsonl");
        int threads = 8;
        int togglesEach = 500;
        try (SimulatedGpioBackend gpio = new SimulatedGpioBackend(Optional.of(trace), null)) {
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                DigitalLine line = gpio.output(t, "line with a fairly long name to widen the window " + t, false);
                writers.add(new Thread(() -> {
                    for (int i = 0; i < togglesEach; i++) {
                        line.set(i % 2 == 0);
                    }
                }));
            }
            writers.forEach(Thread::start);
            for (Thread w : writers) {
                w.join();
            }
        }
        List<Event> events = GpioTrace.read(trace);
        assertEquals(threads * (1 + togglesEach), events.size(), "initial + every change, each on its own line");
    }

    @Test
    void aPinCannotBeClaimedTwiceUntilReleased() {
        try (SimulatedGpioBackend gpio = new SimulatedGpioBackend(Optional.empty(), null)) {
            DigitalLine first = gpio.output(22, "green", false);
            assertThrows(IllegalArgumentException.class, () -> gpio.output(22, "red", false));
            first.close();
            gpio.output(22, "red", false);
        }
    }

    private static List<Integer> states(Path trace, int pin) throws IOException {
        return GpioTrace.forPin(trace, pin).stream().map(Event::state).toList();
    }
}
