package org.onedoor.terminal.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.terminal.daemon.Daemon;
import org.onedoor.terminal.recognition.CodeProfile;
import org.onedoor.terminal.testing.InProcessGate;
import org.onedoor.terminal.testing.LedgerEvents;

/**
 * A frame that makes the lane's path throw an Error costs that frame, not the lane. The Error here is a
 * real one: a profile with an alternation inside a repeated group makes Java's regular expressions recurse
 * once per character, and a 40 KB scan overflows a scanner thread's stack (256 KiB as shipped) however the JIT has
 * compiled the matcher (at 2 KB it depended on that).
 */
class FrameFailureTest {
    private static final int SHIPPED_STACK_BYTES = 256 * 1024;

    @TempDir
    Path dir;

    @Test
    void aStackOverflowInTheLaneRefusesThatFrameAndTheNextIsDecided() throws Exception {
        InProcessGate gate = new InProcessGate().profiles(List.of(
                new CodeProfile("long", Pattern.compile("^LONG:(?:[A-Z]|[0-9])*$")),
                new CodeProfile("badge", Pattern.compile("^CB:(?<subject>[A-Z0-9]{8,40})$"))));
        try (Daemon daemon = gate.start(dir, null, false)) {
            byte[] frame = ("LONG:" + "A1".repeat(20_000)).getBytes(StandardCharsets.US_ASCII);
            AtomicReference<Throwable> escaped = new AtomicReference<>();
            Thread scannerThread = new Thread(null, () -> {
                try {
                    gate.scanner().inject(frame);
                } catch (Throwable t) {
                    escaped.set(t);
                }
            }, "scanner-east", SHIPPED_STACK_BYTES);
            scannerThread.start();
            scannerThread.join();

            assertNull(escaped.get(), "nothing reaches the scanner thread");
            LaneCounters counters = daemon.lanes().get(0).counters();
            assertEquals(1L, counters.outcomes().get("refused:" + LanePipeline.SCAN_FAILED));
            assertEquals(1, counters.errors());
            assertEquals(List.of(), LedgerEvents.of(daemon, "entry"), "no entry for a frame that broke the path");

            assertEquals("status_unavailable", LedgerEvents.scan(daemon, gate, "CB:ABCDEFGH1").get("reason").asText(),
                    "the next scan is decided");
            assertTrue(daemon.liveness().values().stream().allMatch(check -> check.getAsBoolean()));
        }
    }
}
