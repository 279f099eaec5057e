package org.onedoor.terminal.lane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BurstDetectorTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstIsOneAlertAndSlowEventsNone() {
        BurstDetector detector = new BurstDetector(3, 10 * SECOND);
        List<Integer> alerts = new ArrayList<>();
        long[] times = {0, 20 * SECOND, 40 * SECOND, // slow: never three within ten seconds
                50 * SECOND, 51 * SECOND, 52 * SECOND, 53 * SECOND, 54 * SECOND, // a burst, then quiet for a window
                70 * SECOND, 71 * SECOND, 72 * SECOND}; // a second burst after the quiet window
        for (int i = 0; i < times.length; i++) {
            if (detector.hit(times[i])) {
                alerts.add(i);
            }
        }
        assertEquals(List.of(5, 10), alerts);
    }
}
