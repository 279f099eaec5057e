package org.onedoor.drivers.gpio;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.tinylog.Logger;

/**
 * Outputs as in-memory lines, and inputs whose electrical level a test or a simulation sets with
 * {@link #setLevel(int, boolean)}, debounced as real inputs are. Optionally traced to a file as JSON
 * lines ({@code {"t_ns":…,"pin":17,"name":"east relay","state":1}}, state logical, 1 = active): the
 * initial state of each line and every change after it, an input's once debounced. Each line
 * reaches the OS (an unbuffered write, no fsync) before {@link DigitalLine#set(boolean)} returns, so another process reading the
 * trace sees exactly what the gate did even if this process is killed right after. One lock orders
 * all lines, so the trace's order is the order of the changes and lines never interleave.
 */
public final class SimulatedGpioBackend implements GpioBackend {
    private final FileOutputStream trace;
    private final Consumer<String> console;
    private final Map<Integer, SimulatedLine> claimed = new HashMap<>();
    private final Map<Integer, DebouncedInput> inputs = new HashMap<>();
    private final InputThread inputThread = new InputThread();
    private boolean closed;

    /**
     * @param traceFile appended to when present
     * @param console   receives one printable line per change ("  [gpio] east relay (pin 17) ON"); may be null
     * @throws UncheckedIOException when the trace file cannot be opened
     */
    public SimulatedGpioBackend(Optional<Path> traceFile, Consumer<String> console) {
        this.trace = traceFile.map(SimulatedGpioBackend::openForAppend).orElse(null);
        this.console = console;
    }

    @Override
    public synchronized DigitalLine output(int bcmPin, String name, boolean activeLow) {
        requireUnclaimed(bcmPin);
        SimulatedLine line = new SimulatedLine(bcmPin, name);
        claimed.put(bcmPin, line);
        record(bcmPin, name, false);
        return line;
    }

    /** The input starts at rest: its level is the inactive one, as the pull resistor would hold it. */
    @Override
    public synchronized InputLine input(int bcmPin, String name, boolean activeLow, Pull pull, Duration debounce) {
        requireUnclaimed(bcmPin);
        boolean atRestHigh = activeLow;
        DebouncedInput input = new DebouncedInput(bcmPin, name, activeLow, atRestHigh, debounce,
                inputThread.scheduler(), new DebouncedInput.Hooks() {
                    @Override
                    public void committed(DebouncedInput in, boolean active) {
                        inputChanged(in, active);
                    }

                    @Override
                    public void closed(DebouncedInput in) {
                        releaseInput(in);
                    }
                });
        inputs.put(bcmPin, input);
        record(bcmPin, name, false);
        return input;
    }

    /**
     * Sets the electrical level of a simulated input's pin, as a contact or a bouncing button would.
     *
     * @throws IllegalArgumentException when no open input holds the pin
     */
    public void setLevel(int bcmPin, boolean high) {
        DebouncedInput input;
        synchronized (this) {
            input = inputs.get(bcmPin);
        }
        if (input == null) {
            throw new IllegalArgumentException("GPIO pin " + bcmPin + " is not a simulated input");
        }
        input.level(high);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (SimulatedLine line : new ArrayList<>(claimed.values())) {
            line.close();
        }
        for (DebouncedInput input : new ArrayList<>(inputs.values())) {
            input.close();
        }
        closed = true;
        inputThread.close();
        if (trace != null) {
            try {
                trace.close();
            } catch (IOException e) {
                Logger.warn(e, "GPIO trace: close failed");
            }
        }
    }

    private synchronized void change(SimulatedLine line, boolean active) {
        if (line.active == active) {
            return;
        }
        line.active = active;
        record(line.pin, line.name, active);
        if (console != null) {
            console.accept("  [gpio] " + line.name + " (pin " + line.pin + ") " + (active ? "ON" : "OFF"));
        }
    }

    /** A change delivered after the input was released (a close racing the debounce) is not traced. */
    private synchronized void inputChanged(DebouncedInput in, boolean active) {
        if (inputs.get(in.pin()) != in) {
            return;
        }
        record(in.pin(), in.name(), active);
        if (console != null) {
            console.accept("  [gpio] " + in.name() + " (pin " + in.pin() + ") input " + (active ? "ON" : "OFF"));
        }
    }

    private synchronized void releaseInput(DebouncedInput in) {
        inputs.remove(in.pin(), in);
    }

    private void requireUnclaimed(int bcmPin) {
        if (closed) {
            throw new IllegalStateException("GPIO backend is closed");
        }
        String holder = claimed.containsKey(bcmPin) ? claimed.get(bcmPin).name()
                : inputs.containsKey(bcmPin) ? inputs.get(bcmPin).name() : null;
        if (holder != null) {
            throw new IllegalArgumentException("GPIO pin " + bcmPin + " already claimed by " + holder);
        }
    }

    private synchronized void release(SimulatedLine line) {
        change(line, false);
        claimed.remove(line.pin, line);
    }

    private void record(int pin, String name, boolean active) {
        if (trace == null) {
            return;
        }
        String json = "{\"t_ns\":" + System.nanoTime() + ",\"pin\":" + pin + ",\"name\":"
                + jsonString(name) + ",\"state\":" + (active ? 1 : 0) + "}\n";
        try {
            trace.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("GPIO trace: write failed", e);
        }
    }

    static String jsonString(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static FileOutputStream openForAppend(Path file) {
        try {
            return new FileOutputStream(file.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("GPIO trace: cannot open " + file, e);
        }
    }

    private final class SimulatedLine implements DigitalLine {
        private final int pin;
        private final String name;
        /** Guarded by the backend's lock. */
        private boolean active;
        private boolean released;

        SimulatedLine(int pin, String name) {
            this.pin = pin;
            this.name = name;
        }

        @Override
        public int pin() {
            return pin;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void set(boolean active) {
            synchronized (SimulatedGpioBackend.this) {
                if (released) {
                    Logger.warn("GPIO {} (pin {}): set after close ignored", name, pin);
                    return;
                }
                change(this, active);
            }
        }

        @Override
        public boolean isActive() {
            synchronized (SimulatedGpioBackend.this) {
                return active;
            }
        }

        @Override
        public void close() {
            synchronized (SimulatedGpioBackend.this) {
                if (!released) {
                    release(this);
                    released = true;
                }
            }
        }
    }
}
