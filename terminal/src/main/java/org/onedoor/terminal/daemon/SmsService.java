package org.onedoor.terminal.daemon;

import java.time.Instant;
import java.time.ZoneId;
import org.onedoor.drivers.modem.ModemTimeouts;
import org.onedoor.drivers.modem.SerialSmsModem;
import org.onedoor.drivers.serial.JsscSerialPortOpener;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.EventSink;
import org.onedoor.terminal.ledger.Recorded;
import org.onedoor.terminal.lifecycle.Service;
import org.onedoor.terminal.sms.AlertNotice;
import org.onedoor.terminal.sms.SmsNotifier;
import org.onedoor.terminal.sms.SmsSettings;

/**
 * {@code [sms]}: texts to the venue administrators, on the notifier's own thread; each outcome is recorded as
 * an {@code sms_*} alert. Started after the ledger and stopped before it, so its last outcomes are still written.
 */
final class SmsService implements Service {
    private final SmsNotifier notifier;

    /** @param zone the venue's time zone, in which the texts give times */
    SmsService(TerminalConfig.Sms cfg, ZoneId zone, EventSink events) {
        this.notifier = new SmsNotifier(new SmsSettings(cfg.numbers(), cfg.types(),
                cfg.maxPerHour(), cfg.attempts(), cfg.firstRetry(), cfg.queue(), zone),
                new SerialSmsModem(cfg.port(), cfg.baud(), new JsscSerialPortOpener(), ModemTimeouts.DEFAULTS),
                outcome -> events.record(outcome.toAlert()));
    }

    @Override
    public String name() {
        return "sms";
    }

    @Override
    public void start() {
        notifier.start();
    }

    @Override
    public void stop() {
        notifier.close();
    }

    /** Queues a text of {@code event} if it is an alert of a type the administrators asked for. */
    void offer(Event event, Recorded recorded) {
        if (event instanceof Event.Alert alert) {
            notifier.offer(AlertNotice.of(alert, Instant.parse(recorded.ts())));
        }
    }
}
