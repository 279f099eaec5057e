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
    /** A short flash every two seconds: the terminal decides on stale knowledge (service or risk list). */
    static final Pattern STALE_DATA = Pattern.blink(150, 1850, 0);

    private final Relay relay;
    private final Indicators lamps;
    private final int pulseMs;
    private boolean scannerDown;
    private boolean staleData;

    public LaneActuator(Relay relay, Indicators lamps, int pulseMs) {
        this.relay = relay;
        this.lamps = lamps;
        this.pulseMs = pulseMs;
    }

    /** Acts on an outcome; the relay moves first, it is what the entrant waits for. */
    public void apply(Outcome outcome) {
        if (outcome.pulse()) {
            relay.pulse(pulseMs);
        } else if (outcome.granted()) {
            // Held open: the steady green stays, the buzzer acknowledges the scan.
            lamps.show(Lamp.BUZZER, outcome.alert() == null ? BEEP : ALARM_BEEPS);
            return;
        }
        if (outcome.showGranted()) {
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
            if ("status_unavailable".equals(outcome.reason()) && !amberInUse()) {
                lamps.show(Lamp.AMBER, Pattern.steady(2000));
            }
        }
    }

    /** The amber lamp blinks slowly for as long as the lane's scanner is down. */
    public synchronized void scannerAvailability(boolean up) {
        scannerDown = !up;
        showAmberState();
    }

    /** The amber lamp flashes briefly every two seconds for as long as the terminal's knowledge is stale. */
    public synchronized void staleData(boolean stale) {
        staleData = stale;
        showAmberState();
    }

    /**
     * Holds the relay energised with no time limit (mode {@code emergency-open}) or lets it go. The green lamp
     * stays on while held, so the guard sees why the gate stands open.
     */
    public void holdOpen(boolean open) {
        if (open) {
            relay.holdOpen();
            lamps.show(Lamp.GREEN, Pattern.steady(0));
        } else {
            relay.release();
            lamps.show(Lamp.GREEN, Pattern.OFF);
        }
    }

    private synchronized boolean amberInUse() {
        return scannerDown || staleData;
    }

    /** A scanner that is down matters more to the guard than stale data: it has the amber lamp first. */
    private void showAmberState() {
        lamps.show(Lamp.AMBER, scannerDown ? SCANNER_DOWN : staleData ? STALE_DATA : Pattern.OFF);
    }

    @Override
    public void close() {
        relay.close();
        lamps.close();
    }
}
