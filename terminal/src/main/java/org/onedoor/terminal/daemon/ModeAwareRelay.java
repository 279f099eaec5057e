package org.onedoor.terminal.daemon;

import org.onedoor.drivers.gpio.Relay;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.decision.TerminalMode;

/**
 * A lane's relay as the fire alarm's hold sees it: letting go when the alarm clears must not drop a
 * gate the operator holds open in mode {@code emergency-open}; the relay is held open again instead.
 */
final class ModeAwareRelay implements Relay {
    private final Relay relay;
    private final TerminalMode mode;

    ModeAwareRelay(Relay relay, TerminalMode mode) {
        this.relay = relay;
        this.mode = mode;
    }

    @Override
    public void release() {
        if (mode.current() == Mode.EMERGENCY_OPEN) {
            relay.holdOpen();
        } else {
            relay.release();
        }
    }

    @Override
    public void pulse(int ms) {
        relay.pulse(ms);
    }

    @Override
    public void hold() {
        relay.hold();
    }

    @Override
    public void holdOpen() {
        relay.holdOpen();
    }

    @Override
    public boolean isActive() {
        return relay.isActive();
    }

    /** Nothing to free: the lane's actuator owns the relay and closes it. */
    @Override
    public void close() {
    }
}
