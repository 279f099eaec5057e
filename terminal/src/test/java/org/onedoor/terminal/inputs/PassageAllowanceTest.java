package org.onedoor.terminal.inputs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.onedoor.terminal.decision.Outcome;
import org.onedoor.terminal.event.AlertType;

/** Which passages a lane's outcomes account for, on a clock the test turns. */
class PassageAllowanceTest {
    private static final long SECOND = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final AtomicBoolean openForAll = new AtomicBoolean();
    private final PassageAllowance allowance = new PassageAllowance(Duration.ofSeconds(5), openForAll::get, now::get);

    @Test
    void eachGrantThatPulsedAllowsOnePassageWithinTheWindow() {
        allowance.acted(Outcome.grant("green", null));
        allowance.acted(Outcome.grant("manual_open", null));
        allowance.acted(Outcome.admittedAnyway("red", AlertType.RED_CODE));
        now.addAndGet(4 * SECOND);

        assertEquals(List.of(true, true, true, false), List.of(allowance.admitsPassage(), allowance.admitsPassage(),
                allowance.admitsPassage(), allowance.admitsPassage()));
    }

    @Test
    void refusalsAllowNothingAndAnAllowanceExpires() {
        allowance.acted(Outcome.refuse("red", AlertType.RED_CODE));
        allowance.acted(Outcome.refuse("status_unavailable", null));
        assertEquals(false, allowance.admitsPassage());

        allowance.acted(Outcome.grant("green", null));
        now.addAndGet(5 * SECOND + 1);
        assertEquals(false, allowance.admitsPassage(), "past the window");
    }

    @Test
    void whileTheGatesStandOpenForAllNoPassageIsUnchecked() {
        allowance.acted(Outcome.heldOpen("emergency_open", null));
        openForAll.set(true);

        assertEquals(List.of(true, true), List.of(allowance.admitsPassage(), allowance.admitsPassage()));
    }
}
