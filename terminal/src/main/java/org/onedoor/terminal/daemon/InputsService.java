package org.onedoor.terminal.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.onedoor.drivers.gpio.Relay;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.decision.Mode;
import org.onedoor.terminal.decision.TerminalMode;
import org.onedoor.terminal.event.EventSink;
import org.onedoor.terminal.inputs.AlarmContact;
import org.onedoor.terminal.inputs.GuardButton;
import org.onedoor.terminal.inputs.PassageAllowance;
import org.onedoor.terminal.inputs.PassageSensor;
import org.onedoor.terminal.inputs.RelayHold;
import org.onedoor.terminal.lane.LanePipeline;
import org.onedoor.terminal.lifecycle.Service;

/**
 * Each lane's guard button and passage sensor, then the terminal's alarm contacts, which raise at once if
 * already in alarm (docs/inputs.md). After the lanes and the mode's own hold, which they act on; stopped
 * before both.
 */
final class InputsService implements Service {
    private final TerminalConfig config;
    private final Outputs outputs;
    private final Supplier<List<LanePipeline>> lanes;
    private final TerminalMode mode;
    private final EventSink events;
    private final List<AutoCloseable> opened = new ArrayList<>();
    /** Whether the fire alarm is raised, once its contact is open: in a fire, passages are nobody's to check. */
    private volatile BooleanSupplier fireRaised = () -> false;

    InputsService(TerminalConfig config, Outputs outputs, Supplier<List<LanePipeline>> lanes, TerminalMode mode,
                  EventSink events) {
        this.config = config;
        this.outputs = outputs;
        this.lanes = lanes;
        this.mode = mode;
        this.events = events;
    }

    @Override
    public String name() {
        return "inputs";
    }

    @Override
    public void start() throws Exception {
        try {
            open();
        } catch (Exception e) {
            stop();
            throw e;
        }
    }

    private void open() throws StartupException {
        InputLines lines = new InputLines(outputs.gpio(), config.inputs().debounce());
        List<LanePipeline> pipelines = lanes.get();
        for (int i = 0; i < pipelines.size(); i++) {
            LanePipeline lane = pipelines.get(i);
            var inputs = config.lanes().get(i).inputs();
            if (inputs.button().isPresent()) {
                opened.add(new GuardButton(lines.open(inputs.button().get(), lane.name() + " button"),
                        () -> lane.openBy("manual", "manual_open")));
            }
            if (inputs.passage().isPresent()) {
                PassageAllowance allowance = new PassageAllowance(config.decision().passageWindow(),
                        () -> mode.current() == Mode.EMERGENCY_OPEN || fireRaised.getAsBoolean(), System::nanoTime);
                lane.listen(allowance);
                opened.add(new PassageSensor(lines.open(inputs.passage().get(), lane.name() + " passage"),
                        () -> lane.passage(!allowance.admitsPassage())));
            }
        }
        var inputs = config.inputs();
        if (inputs.doorForced().isPresent()) {
            opened.add(AlarmContact.doorForced(lines.open(inputs.doorForced().get(), "door forced"), events::record));
        }
        if (inputs.fireAlarm().isPresent()) {
            // Renewed well within the relays' maximum on-time, so a late renewal never lets a gate drop.
            RelayHold hold = inputs.fireHoldsOpen()
                    ? new RelayHold(outputs.relays().stream().<Relay>map(r -> new ModeAwareRelay(r, mode)).toList(),
                            outputs.timers(), Duration.ofMillis(Outputs.MAX_RELAY_ON_MS / 4))
                    : RelayHold.none();
            AlarmContact fire = AlarmContact.fireAlarm(lines.open(inputs.fireAlarm().get(), "fire alarm"),
                    events::record, hold);
            fireRaised = fire::isRaised;
            opened.add(fire);
        }
    }

    @Override
    public void stop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.remove(i).close();
        }
    }
}
