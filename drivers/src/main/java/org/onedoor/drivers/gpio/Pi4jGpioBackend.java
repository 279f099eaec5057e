package org.onedoor.drivers.gpio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalInputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalOutputProvider;
import com.pi4j.provider.Provider;
import org.tinylog.Logger;

/**
 * Real GPIO through Pi4J 2.x. The context holds only the chosen providers: automatic detection
 * would also pick up any plugin on the classpath, and the mock plugin outranks the real ones — a
 * gate must never "pulse" a mock relay in production. Inputs are debounced by {@link DebouncedInput},
 * not by Pi4J, so that they behave exactly as simulated ones.
 */
public final class Pi4jGpioBackend implements GpioBackend {
    private final Context context;
    private final String outputProviderId;
    private final String inputProviderId;
    private final GpioHardware hardware;
    private final Map<Integer, Claim> claimed = new LinkedHashMap<>();
    private final InputThread inputThread = new InputThread();
    private boolean closed;

    /** Who holds a pin, and how to let it go. */
    private record Claim(String name, Runnable close) {
    }

    /**
     * @param providerName {@code gpiod} (character device, current kernels) or {@code linuxfs} (sysfs)
     * @throws IllegalArgumentException for another name
     * @throws GpioUnavailableException when gpiod finds no GPIO chip, or Pi4J cannot start the provider
     */
    public Pi4jGpioBackend(String providerName) {
        this(usable(providerName, GpioHardware.probe()), outputProvider(providerName), inputProvider(providerName));
    }

    private Pi4jGpioBackend(GpioHardware hardware, Provider outputProvider, Provider inputProvider) {
        this(context(hardware, outputProvider, inputProvider), outputProvider.id(), inputProvider.id(), hardware);
    }

    /** For tests: a ready context (e.g. with the mock platform) and the ids of its providers. */
    Pi4jGpioBackend(Context context, String outputProviderId, String inputProviderId) {
        this(context, outputProviderId, inputProviderId, GpioHardware.probe());
    }

    private Pi4jGpioBackend(Context context, String outputProviderId, String inputProviderId, GpioHardware hardware) {
        this.context = context;
        this.outputProviderId = outputProviderId;
        this.inputProviderId = inputProviderId;
        this.hardware = hardware;
    }

    /**
     * Without a chip Pi4J would only fail at the first claim, after logging its board detection errors,
     * with a message about its own internals; this says what is missing before Pi4J starts.
     */
    static GpioHardware usable(String providerName, GpioHardware hardware) {
        if ("gpiod".equals(providerName) && hardware.chips().isEmpty()) {
            throw new GpioUnavailableException("provider gpiod needs a GPIO character device and this machine has"
                    + " none (" + hardware.describe() + ")", null);
        }
        return hardware;
    }

    private static Context context(GpioHardware hardware, Provider outputProvider, Provider inputProvider) {
        try {
            return Pi4J.newContextBuilder().noAutoDetect().add(outputProvider, inputProvider).build();
        } catch (RuntimeException | LinkageError e) {
            throw new GpioUnavailableException("Pi4J cannot start provider " + outputProvider.id() + ": "
                    + oneLine(e) + " (" + hardware.describe() + ")", e);
        }
    }

    @Override
    public synchronized DigitalLine output(int bcmPin, String name, boolean activeLow) {
        requireUnclaimed(bcmPin);
        DigitalState safe = level(false, activeLow);
        DigitalOutputConfig config = DigitalOutput.newConfigBuilder(context)
                .id(outputId(bcmPin)).name(name).address(bcmPin)
                .initial(safe).shutdown(safe)
                .provider(outputProviderId)
                .build();
        DigitalOutput output;
        try {
            output = context.create(config);
        } catch (RuntimeException | LinkageError e) {
            throw cannotClaim(bcmPin, name, outputProviderId, e);
        }
        Pi4jLine line = new Pi4jLine(output, bcmPin, name, activeLow);
        claimed.put(bcmPin, new Claim(name, line::close));
        return line;
    }

    @Override
    public synchronized InputLine input(int bcmPin, String name, boolean activeLow, Pull pull, Duration debounce) {
        requireUnclaimed(bcmPin);
        DigitalInputConfig config = DigitalInput.newConfigBuilder(context)
                .id(inputId(bcmPin)).name(name).address(bcmPin)
                .pull(pullResistance(pull))
                .debounce(0L)
                .provider(inputProviderId)
                .build();
        DigitalInput input;
        try {
            input = context.create(config);
        } catch (RuntimeException | LinkageError e) {
            throw cannotClaim(bcmPin, name, inputProviderId, e);
        }
        DebouncedInput line = new DebouncedInput(bcmPin, name, activeLow, input.isHigh(), debounce,
                inputThread.scheduler(), new DebouncedInput.Hooks() {
                    @Override
                    public void committed(DebouncedInput in, boolean active) {
                        Logger.debug("GPIO input {} (pin {}): {}", in.name(), in.pin(), active ? "active" : "inactive");
                    }

                    @Override
                    public void closed(DebouncedInput in) {
                        release(in.pin(), inputId(in.pin()), in.name());
                    }
                });
        input.addListener(event -> line.level(event.state() == DigitalState.HIGH));
        line.level(input.isHigh()); // an edge between the first reading and the listener
        claimed.put(bcmPin, new Claim(name, line::close));
        return line;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        for (Claim claim : new ArrayList<>(claimed.values())) {
            claim.close().run();
        }
        closed = true;
        inputThread.close();
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

    static PullResistance pullResistance(Pull pull) {
        return switch (pull) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case OFF -> PullResistance.OFF;
        };
    }

    private static String outputId(int bcmPin) {
        return "onedoor-out-" + bcmPin;
    }

    private static String inputId(int bcmPin) {
        return "onedoor-in-" + bcmPin;
    }

    private void requireUnclaimed(int bcmPin) {
        if (closed) {
            throw new IllegalStateException("GPIO backend is closed");
        }
        if (claimed.containsKey(bcmPin)) {
            throw new IllegalArgumentException("GPIO pin " + bcmPin + " already claimed by "
                    + claimed.get(bcmPin).name());
        }
    }

    /**
     * Pi4J's gpiod provider drives only a board it recognises as a Raspberry Pi, through the chip labelled
     * {@code pinctrl-*}; its own messages ("No gpio chip yet initialized!", "provider could not be
     * found") do not say so, hence the chips and the board.
     */
    private GpioUnavailableException cannotClaim(int bcmPin, String name, String providerId, Throwable e) {
        String which = providerId.startsWith("gpiod")
                ? "; Pi4J drives a Raspberry Pi's own controller, the chip labelled pinctrl-*" : "";
        return new GpioUnavailableException("cannot claim pin " + bcmPin + " (" + name + ") with provider "
                + providerId + ": " + oneLine(e) + " (" + hardware.describe() + which + ")", e);
    }

    private static String oneLine(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ").strip();
    }

    private synchronized void release(int bcmPin, String ioId, String name) {
        claimed.remove(bcmPin);
        try {
            context.shutdown(ioId);
        } catch (RuntimeException e) {
            Logger.warn(e, "GPIO {} (pin {}): release failed", name, bcmPin);
        }
    }

    private static Provider outputProvider(String providerName) {
        return switch (providerName) {
            case "gpiod" -> GpioDDigitalOutputProvider.newInstance();
            case "linuxfs" -> LinuxFsDigitalOutputProvider.newInstance();
            default -> throw unknownProvider(providerName);
        };
    }

    private static Provider inputProvider(String providerName) {
        return switch (providerName) {
            case "gpiod" -> GpioDDigitalInputProvider.newInstance();
            case "linuxfs" -> LinuxFsDigitalInputProvider.newInstance();
            default -> throw unknownProvider(providerName);
        };
    }

    private static IllegalArgumentException unknownProvider(String providerName) {
        return new IllegalArgumentException("Unknown GPIO provider '" + providerName + "' (expected gpiod or linuxfs)");
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
            release(pin, outputId(pin), name);
        }
    }
}
