package org.onedoor.terminal.daemon;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.onedoor.drivers.gpio.DigitalLine;
import org.onedoor.drivers.gpio.GpioBackend;
import org.onedoor.drivers.gpio.Lamp;
import org.onedoor.drivers.gpio.LedPanel;
import org.onedoor.drivers.gpio.LineRelay;
import org.onedoor.drivers.gpio.Relay;
import org.onedoor.terminal.actuation.LaneActuator;
import org.onedoor.terminal.config.TerminalConfig.Lane;
import org.onedoor.terminal.lifecycle.Service;

/**
 * The GPIO backend and every lane's relay and lamps, each created in its safe (inactive) state and driven safe
 * again when stopped. The pulse and blink timers share one high-priority thread.
 */
final class Outputs implements Service {
    /** A turnstile held open longer than this is a fault, whatever asked for it. */
    static final int MAX_RELAY_ON_MS = 10_000;

    private final Drivers drivers;
    private final List<Lane> lanes;
    private final List<LaneActuator> actuators = new ArrayList<>();
    private final List<Relay> relays = new ArrayList<>();
    private GpioBackend gpio;
    private ScheduledExecutorService timers;

    Outputs(Drivers drivers, List<Lane> lanes) {
        this.drivers = drivers;
        this.lanes = lanes;
    }

    @Override
    public String name() {
        return "outputs";
    }

    @Override
    public void start() {
        gpio = drivers.gpio();
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "actuation-timers");
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        try {
            lanes.forEach(lane -> actuators.add(actuator(lane)));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** Actuators first (they use the timers until they close), then the timers, then the backend. */
    @Override
    public void stop() {
        for (int i = actuators.size() - 1; i >= 0; i--) {
            actuators.get(i).close();
        }
        timers.shutdownNow();
        gpio.close();
    }

    GpioBackend gpio() {
        return gpio;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    /** Lane by lane, in the configuration's order. */
    List<LaneActuator> actuators() {
        return List.copyOf(actuators);
    }

    List<Relay> relays() {
        return List.copyOf(relays);
    }

    private LaneActuator actuator(Lane lane) {
        var relayCfg = lane.relay();
        DigitalLine relayLine = gpio.output(relayCfg.pin(), lane.name() + " relay", relayCfg.activeLow());
        Relay relay = new LineRelay(relayLine, timers, MAX_RELAY_ON_MS);
        relays.add(relay);
        Map<Lamp, DigitalLine> lamps = new EnumMap<>(Lamp.class);
        var led = lane.led();
        addLamp(lamps, Lamp.GREEN, led.green(), lane, led.activeLow());
        addLamp(lamps, Lamp.RED, led.red(), lane, led.activeLow());
        addLamp(lamps, Lamp.AMBER, led.amber(), lane, led.activeLow());
        addLamp(lamps, Lamp.BUZZER, led.buzzer(), lane, led.activeLow());
        return new LaneActuator(relay, new LedPanel(lamps, timers), relayCfg.pulseMs());
    }

    private void addLamp(Map<Lamp, DigitalLine> lamps, Lamp lamp, Optional<Integer> pin, Lane lane,
                         boolean activeLow) {
        pin.ifPresent(p -> lamps.put(lamp, gpio.output(p, lane.name() + " " + lamp.name().toLowerCase(), activeLow)));
    }
}
