package org.onedoor.drivers.gpio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalOutputProvider;
import com.pi4j.provider.Provider;
import org.tinylog.Logger;

/**
 * Real GPIO outputs through Pi4J 2.x. The context holds only the chosen provider: automatic
 * detection would also pick up any plugin on the classpath, and the mock plugin outranks the real
 * ones — a gate must never "pulse" a mock relay in production.
 */
public final class Pi4jGpioBackend implements GpioBackend {
    private final Context context;
    private final String outputProviderId;
    private final Map<Integer, Pi4jLine> claimed = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param providerName {@code gpiod} (character device, current kernels) or {@code linuxfs} (sysfs)
     * @throws IllegalArgumentException for another name
     */
    public Pi4jGpioBackend(String providerName) {
        this(outputProvider(providerName));
    }

    private Pi4jGpioBackend(Provider outputProvider) {
        this(Pi4J.newContextBuilder().noAutoDetect().add(outputProvider).build(), outputProvider.id());
    }

    /** For tests: a ready context (e.g. with the mock platform) and the id of its output provider. */
    Pi4jGpioBackend(Context context, String outputProviderId) {
        this.context = context;
        this.outputProviderId = outputProviderId;
    }

    @Override
    public synchronized DigitalLine output(int bcmPin, String name, boolean activeLow) {
        if (closed) {
            throw new IllegalStateException("GPIO backend is closed");
        }
        if (claimed.containsKey(bcmPin)) {
            throw new IllegalArgumentException("GPIO pin " + bcmPin + " already claimed by "
                    + claimed.get(bcmPin).name());
        }
        DigitalState safe = level(false, activeLow);
        DigitalOutputConfig config = DigitalOutput.newConfigBuilder(context)
                .id(ioId(bcmPin)).name(name).address(bcmPin)
                .initial(safe).shutdown(safe)
                .provider(outputProviderId)
                .build();
        DigitalOutput output;
        try {
            output = context.create(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot claim GPIO pin " + bcmPin + " (" + name + ") with provider "
                    + outputProviderId + ": " + e.getMessage(), e);
        }
        Pi4jLine line = new Pi4jLine(output, bcmPin, name, activeLow);
        claimed.put(bcmPin, line);
        return line;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (Pi4jLine line : new ArrayList<>(claimed.values())) {
            line.close();
        }
        closed = true;
        try {
            if (!context.isShutdown()) {
                context.shutdown();
            }
        } catch (RuntimeException e) {
            Logger.warn(e, "Pi4J context shutdown failed");
        }
    }

    /** Logical active maps to the level that energises the load: low on active-low wiring. */
    static DigitalState level(boolean active, boolean activeLow) {
        return active != activeLow ? DigitalState.HIGH : DigitalState.LOW;
    }

    private static String ioId(int bcmPin) {
        return "onedoor-out-" + bcmPin;
    }

    private synchronized void release(Pi4jLine line) {
        claimed.remove(line.pin(), line);
        try {
            context.shutdown(ioId(line.pin()));
        } catch (RuntimeException e) {
            Logger.warn(e, "GPIO {} (pin {}): release failed", line.name(), line.pin());
        }
    }

    private static Provider outputProvider(String providerName) {
        return switch (providerName) {
            case "gpiod" -> GpioDDigitalOutputProvider.newInstance();
            case "linuxfs" -> LinuxFsDigitalOutputProvider.newInstance();
            default -> throw new IllegalArgumentException("Unknown GPIO provider '" + providerName
                    + "' (expected gpiod or linuxfs)");
        };
    }

    private final class Pi4jLine implements DigitalLine {
        private final DigitalOutput output;
        private final int pin;
        private final String name;
        private final boolean activeLow;
        private boolean active;
        private boolean released;

        Pi4jLine(DigitalOutput output, int pin, String name, boolean activeLow) {
            this.output = output;
            this.pin = pin;
            this.name = name;
            this.activeLow = activeLow;
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
        public synchronized void set(boolean active) {
            if (released) {
                Logger.warn("GPIO {} (pin {}): set after close ignored", name, pin);
                return;
            }
            output.state(level(active, activeLow));
            this.active = active;
        }

        @Override
        public synchronized boolean isActive() {
            return active;
        }

        /** Drops the line's lock before taking the backend's: the backend closes lines under its own. */
        @Override
        public void close() {
            synchronized (this) {
                if (released) {
                    return;
                }
                set(false);
                released = true;
            }
            release(this);
        }
    }
}
