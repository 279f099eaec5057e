package org.onedoor.terminal.inputs;

import java.util.Map;

import org.onedoor.drivers.gpio.InputLine;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.Severity;
import org.tinylog.Logger;

/**
 * A terminal-wide alarm contact: the door-forced sensor or the fire-alarm contact. Raising and
 * clearing each send one alert ({@code door_forced} / {@code door_forced_cleared},
 * {@code fire_alarm} / {@code fire_alarm_cleared}); the fire alarm may also hold the relays open
 * while it lasts. A contact already in alarm when the terminal starts is raised at once.
 */
public final class AlarmContact implements AutoCloseable {
    private final InputLine contact;
    private final AlertType type;
    private final AlertSink alerts;
    private final RelayHold hold;
    private boolean raised;

    private AlarmContact(InputLine contact, AlertType type, AlertSink alerts, RelayHold hold) {
        this.contact = contact;
        this.type = type;
        this.alerts = alerts;
        this.hold = hold;
    }

    public static AlarmContact doorForced(InputLine contact, AlertSink alerts) {
        return start(new AlarmContact(contact, AlertType.DOOR_FORCED, alerts, RelayHold.none()));
    }

    /** @param hold the relays to hold open during the alarm; {@link RelayHold#none()} when not configured */
    public static AlarmContact fireAlarm(InputLine contact, AlertSink alerts, RelayHold hold) {
        return start(new AlarmContact(contact, AlertType.FIRE_ALARM, alerts, hold));
    }

    private static AlarmContact start(AlarmContact alarm) {
        alarm.contact.listen(alarm::changed);
        alarm.changed(alarm.contact.isActive());
        return alarm;
    }

    public synchronized boolean isRaised() {
        return raised;
    }

    /** Stops listening and releases any relays it held. */
    @Override
    public void close() {
        contact.close();
        hold.close();
    }

    /** Idempotent per state: the start-up reading and the listener may report the same change. */
    private synchronized void changed(boolean active) {
        if (active == raised) {
            return;
        }
        raised = active;
        // The relays move before the alert is written: a slow or failing card must not delay them.
        if (active) {
            Logger.warn("{}: {} raised{}", contact.name(), type.wire(), hold.relayCount() > 0 ? ", relays held open" : "");
            hold.start();
        } else {
            Logger.info("{}: {} cleared", contact.name(), type.wire());
            hold.stop();
        }
        send(new Event.Alert(active ? type : type.closedBy().orElseThrow(), active ? Severity.HIGH : Severity.INFO,
                null, null, Map.of("input", contact.name(), "relays_held", hold.relayCount())));
    }

    private void send(Event.Alert alert) {
        try {
            alerts.alert(alert);
        } catch (RuntimeException e) {
            Logger.error("{}: alert {} not recorded: {}", contact.name(), alert.type().wire(), e.getMessage());
        }
    }
}
