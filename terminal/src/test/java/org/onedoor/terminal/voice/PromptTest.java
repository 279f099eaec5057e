package org.onedoor.terminal.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.decision.Outcome;
import org.onedoor.terminal.event.AlertType;

/** Which prompt follows which outcome, and which state of a lane's devices. */
class PromptTest {
    @Test
    void eachOutcomeHasThePromptItsLampsShow() {
        assertEquals(Optional.of(Prompt.GRANTED), Prompt.after(Outcome.grant("green", null)));
        assertEquals(Optional.of(Prompt.GRANTED), Prompt.after(Outcome.grant("manual_open", null)));
        assertEquals(Optional.of(Prompt.GRANTED), Prompt.after(Outcome.heldOpen("emergency_open", null)));
        assertEquals(Optional.of(Prompt.REFUSED), Prompt.after(Outcome.refuse("red", AlertType.RED_CODE)));
        assertEquals(Optional.of(Prompt.REFUSED), Prompt.after(Outcome.refuse("yellow", AlertType.YELLOW_CODE)));
        assertEquals(Optional.of(Prompt.UNRECOGNISED), Prompt.after(Outcome.refuse("unrecognised", null)));
        assertEquals(Optional.of(Prompt.UNRECOGNISED), Prompt.after(Outcome.refuse("unknown_code", null)));
        assertEquals(Optional.of(Prompt.MANUAL_CHECK), Prompt.after(Outcome.refuse("status_unavailable", null)));
        assertEquals(Optional.of(Prompt.MANUAL_CHECK), Prompt.after(Outcome.refuse("lockdown", null)));
    }

    @Test
    void noWordsContradictAnOpenGate() {
        assertEquals(Optional.empty(), Prompt.after(Outcome.grant("exit", AlertType.RED_CODE)), "exit lane, red");
        assertEquals(Optional.empty(), Prompt.after(Outcome.admittedAnyway("red", AlertType.RED_CODE)), "record-only");
    }

    @Test
    void aScannerDownAsksForTheCardWhileTheReaderIsUp() {
        assertEquals(Optional.empty(), Prompt.forDevices(true, ReaderState.ABSENT));
        assertEquals(Optional.empty(), Prompt.forDevices(true, ReaderState.UP));
        assertEquals(Optional.of(Prompt.DEVICE_FAULT), Prompt.forDevices(true, ReaderState.DOWN));
        assertEquals(Optional.of(Prompt.DEVICE_FAULT), Prompt.forDevices(false, ReaderState.ABSENT));
        assertEquals(Optional.of(Prompt.SHOW_ID_CARD), Prompt.forDevices(false, ReaderState.UP));
        assertEquals(Optional.of(Prompt.DEVICE_FAULT), Prompt.forDevices(false, ReaderState.DOWN));
    }
}
