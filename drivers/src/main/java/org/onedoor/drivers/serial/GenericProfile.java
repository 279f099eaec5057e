package org.onedoor.drivers.serial;

/** A passive module: it is configured by scanning setup codes, and OneDoor only listens. */
public final class GenericProfile implements ScannerProfile {
    @Override
    public String name() {
        return "generic";
    }

    @Override
    public void start(CommandChannel channel) {
        // Nothing to send: a passive module is ready as soon as its port is open.
    }

    @Override
    public void signalRefusal(CommandChannel channel) {
        // A passive module has no command to signal with; the lane's own lamps and buzzer do it.
    }
}
