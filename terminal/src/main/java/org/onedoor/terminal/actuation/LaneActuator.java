package org.onedoor.terminal.actuation;

import org.onedoor.drivers.gpio.Indicators;
import org.onedoor.drivers.gpio.Lamp;
import org.onedoor.drivers.gpio.Pattern;
import org.onedoor.drivers.gpio.Relay;
import org.onedoor.terminal.decision.Outcome;

/**
 * Turns an outcome into what the entrant and the guard see: the relay pulse and the lamp patterns
 * documented in docs/architecture.md. Green is steady and short; a red or yellow code is steady red
 * with the buzzer; a code that could not be judged blinks red, with amber when the health service
 * could not be asked — the guard's cue to check the person by hand.
 */
public final class LaneActuator implements AutoCloseable {
    static final Pattern GRANTED = Pattern.steady(1500);
    static final Pattern REFUSED_STATUS = Pattern.steady(3000);
    static final Pattern REFUSED_OTHER = Pattern.blink(200, 200, 2000);
    static final Pattern BEEP = Pattern.steady(80);
    static final Pattern ALARM_BEEPS = Pattern.blink(150, 150, 900);
    static final Pattern SCANNER_DOWN = Pattern.blink(500, 500, 0);

    private final Relay relay;
    private final Indicators lamps;
    private final int pulseMs;
    private volatile boolean scannerDown;

    public LaneActuator(Relay relay, Indicators lamps, int pulseMs) {
        this.relay = relay;
        this.lamps = lamps;
        this.pulseMs = pulseMs;
    }

    /** Acts on an outcome; the relay moves first, it is what the entrant waits for. */
    public void apply(Outcome outcome) {
        if (outcome.granted()) {
            relay.pulse(pulseMs);
            lamps.show(Lamp.RED, Pattern.OFF);
            lamps.show(Lamp.GREEN, GRANTED);
            lamps.show(Lamp.BUZZER, outcome.alert() == null ? BEEP : ALARM_BEEPS);
            return;
        }
        lamps.show(Lamp.GREEN, Pattern.OFF);
        if (outcome.alert() != null) {
            lamps.show(Lamp.RED, REFUSED_STATUS);
            lamps.show(Lamp.BUZZER, ALARM_BEEPS);
        } else {
            lamps.show(Lamp.RED, REFUSED_OTHER);
            if ("status_unavailable".equals(outcome.reason()) && !scannerDown) {
                lamps.show(Lamp.AMBER, Pattern.steady(2000));
            }
        }
    }

    /** The amber lamp blinks slowly for as long as the lane's scanner is down. */
    public void scannerAvailability(boolean up) {
        scannerDown = !up;
        lamps.show(Lamp.AMBER, up ? Pattern.OFF : SCANNER_DOWN);
    }

    @Override
    public void close() {
        relay.close();
        lamps.close();
    }
}
