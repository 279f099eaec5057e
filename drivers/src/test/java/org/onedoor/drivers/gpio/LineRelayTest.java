package org.onedoor.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.GpioTrace;
import org.onedoor.drivers.testing.GpioTrace.Event;

/** Relay timing, measured from the GPIO trace's timestamps. */
class LineRelayTest {
    private static final int PIN = 17;
    private static final int MAX_ON_MS = 400;
    private static final long SLACK_MS = 50;

    @TempDir
    Path dir;
    private Path trace;
    private SimulatedGpioBackend gpio;
    private ScheduledExecutorService scheduler;
    private LineRelay relay;

    @BeforeEach
    void setUp() {
        trace = dir.resolve("gpio.jsonl");
        gpio = new SimulatedGpioBackend(Optional.of(trace), null);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        relay = new LineRelay(gpio.output(PIN, "east relay", true), scheduler, MAX_ON_MS);
    }

    @AfterEach
    void tearDown() {
        relay.close();
        gpio.close();
        scheduler.shutdownNow();
    }

    @Test
    void pulseLastsItsDuration() throws IOException {
        relay.pulse(150);
        assertTrue(relay.isActive());

        awaitReleased();
        assertOnFor(150, onTimeMs());
    }

    @Test
    void pulsesAskedForDuringAPulseFollowAsPulsesOfTheirOwn() throws IOException {
        relay.pulse(150);
        relay.pulse(150);
        relay.pulse(150);

        Await.until("all three pulses done", Duration.ofSeconds(3), () -> !relay.isBusy());
        List<Event> events = GpioTrace.forPin(trace, PIN);
        assertEquals(List.of(0, 1, 0, 1, 0, 1, 0), events.stream().map(Event::state).toList(), "three rising edges");
        for (int i = 1; i < events.size(); i += 2) {
            assertOnFor(150, (events.get(i + 1).tNanos() - events.get(i).tNanos()) / 1_000_000);
        }
        for (int i = 2; i + 1 < events.size(); i += 2) {
            long gapMs = (events.get(i + 1).tNanos() - events.get(i).tNanos()) / 1_000_000;
            assertTrue(gapMs >= LineRelay.GAP_MS, "gap of " + gapMs + " ms between pulses");
        }
    }

    @Test
    void releaseDropsQueuedPulses() throws IOException {
        relay.pulse(150);
        relay.pulse(150);
        relay.release();

        Await.until("relay idle", Duration.ofSeconds(3), () -> !relay.isBusy());
        assertEquals(List.of(0, 1, 0), GpioTrace.forPin(trace, PIN).stream().map(Event::state).toList());
    }

    @Test
    void holdIsReleasedAfterTheMaximumOnTime() throws IOException {
        relay.hold();

        awaitReleased();
        assertOnFor(MAX_ON_MS, onTimeMs());
    }

    @Test
    void longPulseIsClampedToTheMaximumOnTime() throws IOException {
        relay.pulse(10_000);

        awaitReleased();
        assertOnFor(MAX_ON_MS, onTimeMs());
    }

    @Test
    void releaseEndsAPulseAndCloseRefusesFurtherPulses() {
        relay.pulse(MAX_ON_MS);
        relay.release();
        assertFalse(relay.isActive());

        relay.close();
        relay.close();
        assertThrows(IllegalStateException.class, () -> relay.pulse(100));
    }

    private void awaitReleased() {
        Await.until("relay released", Duration.ofSeconds(3), () -> !relay.isActive());
    }

    /** From the first activation to the following release, per the trace. */
    private long onTimeMs() throws IOException {
        List<Event> events = GpioTrace.forPin(trace, PIN);
        Event on = events.stream().filter(Event::active).findFirst().orElseThrow();
        Event off = events.get(events.indexOf(on) + 1);
        assertFalse(off.active());
        return (off.tNanos() - on.tNanos()) / 1_000_000;
    }

    private static void assertOnFor(long expectedMs, long actualMs) {
        assertTrue(actualMs >= expectedMs && actualMs <= expectedMs + SLACK_MS,
                "on for " + actualMs + " ms, expected " + expectedMs + "–" + (expectedMs + SLACK_MS));
    }
}
