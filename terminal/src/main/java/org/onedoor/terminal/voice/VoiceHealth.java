package org.onedoor.terminal.voice;

import java.util.Map;
import org.onedoor.terminal.event.AlertType;
import org.onedoor.terminal.event.Event;
import org.onedoor.terminal.event.EventSink;
import org.onedoor.terminal.event.Severity;
import org.tinylog.Logger;

/**
 * Whether the audio device plays: a failure is reported once ({@code voice_down}, one log line) however many
 * prompts fail after it, and the next prompt that plays closes it ({@code voice_up}). Decisions never hear of it.
 */
final class VoiceHealth {
    private final String device;
    private final EventSink events;
    private boolean down;

    VoiceHealth(String device, EventSink events) {
        this.device = device;
        this.events = events;
    }

    /** The device is the terminal's, not a lane's: the alert names no lane. */
    synchronized void failed(String reason) {
        if (down) {
            return;
        }
        down = true;
        Logger.warn("voice: device {} cannot play ({}): prompts are silent until it can", device, reason);
        events.record(new Event.Alert(AlertType.VOICE_DOWN, Severity.WARNING, null, null,
                Map.of("device", device, "detail", reason == null ? "" : reason)));
    }

    synchronized void played() {
        if (!down) {
            return;
        }
        down = false;
        Logger.info("voice: device {} plays again", device);
        events.record(new Event.Alert(AlertType.VOICE_UP, Severity.INFO, null, null, Map.of("device", device)));
    }
}
