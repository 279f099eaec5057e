package org.onedoor.terminal.daemon;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.onedoor.terminal.actuation.LaneActuator;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.decision.TerminalMode;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.onedoor.terminal.event.EventSink;
import org.onedoor.terminal.lifecycle.Service;
import org.tinylog.Logger;

/**
 * The terminal's mode at work: holds every lane's gate open in {@code emergency-open} and lets go when leaving
 * it; the county hears of every mode other than strict at start and of every change. A reload applies a new
 * {@code terminal.mode} at once.
 */
final class ModeService implements Service, Reloadable {
    private final TerminalMode mode;
    private final Supplier<List<LaneActuator>> actuators;
    private final EventSink events;

    /** @param actuators every lane's actuator, once the outputs have started */
    ModeService(TerminalMode mode, Supplier<List<LaneActuator>> actuators, EventSink events) {
        this.mode = mode;
        this.actuators = actuators;
        this.events = events;
    }

    @Override
    public String name() {
        return "mode";
    }

    @Override
    public void start() {
        enter(null, mode.current());
        mode.onChange(this::enter);
    }

    @Override
    public void stop() {
        // The outputs let go of a held gate when they stop.
    }

    @Override
    public List<String> apply(TerminalConfig running, TerminalConfig next) {
        if (next.terminal().mode() == running.terminal().mode()) {
            return List.of();
        }
        mode.set(next.terminal().mode());
        return List.of("terminal.mode");
    }

    private void enter(Mode previous, Mode current) {
        boolean hold = current == Mode.EMERGENCY_OPEN;
        if (previous == null ? hold : hold != (previous == Mode.EMERGENCY_OPEN)) {
            actuators.get().forEach(a -> a.holdOpen(hold));
        }
        if (previous == null && current == Mode.STRICT) {
            return;
        }
        Logger.warn("mode {}{}", current.wireName(), previous == null ? " at start" : " (was " + previous.wireName() + ")");
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("mode", current.wireName());
        if (previous != null) {
            detail.put("previous", previous.wireName());
        }
        Severity severity = current == Mode.EMERGENCY_OPEN || current == Mode.LOCKDOWN ? Severity.HIGH : Severity.INFO;
        events.record(new Event.Alert(AlertType.MODE_CHANGED, severity, null, null, detail));
    }
}
