package org.onedoor.drivers.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RepeatLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final RepeatLimiter limiter = new RepeatLimiter(Duration.ofSeconds(60), nanos::get);

    @Test
    void theFirstOccurrenceIsLoggedAndTheRestOfTheIntervalHeldBack() {
        assertEquals(Optional.of(""), limiter.admit("broker"));
        for (int i = 0; i < 1000; i++) {
            advance(Duration.ofMillis(59));
            assertEquals(Optional.empty(), limiter.admit("broker"), "occurrence " + i);
        }
    }

    @Test
    void afterTheIntervalOneLineSaysHowManyWereHeldBack() {
        limiter.admit("broker");
        limiter.admit("broker");
        limiter.admit("broker");
        advance(Duration.ofSeconds(60));

        assertEquals(Optional.of(" (repeated 2 times since the last report)"), limiter.admit("broker"));
        advance(Duration.ofSeconds(1));
        limiter.admit("broker");
        advance(Duration.ofSeconds(60));
        assertEquals(Optional.of(" (repeated 1 time since the last report)"), limiter.admit("broker"));
        advance(Duration.ofSeconds(61));
        assertEquals(Optional.of(""), limiter.admit("broker"), "nothing held back since");
    }

    @Test
    void aConditionThatRecursForAnHourLogsAboutOnceAMinute() {
        List<String> lines = new ArrayList<>();
        long occurrences = 0;
        for (long ms = 0; ms < Duration.ofHours(1).toMillis(); ms += 250) {
            occurrences++;
            limiter.admit("card").ifPresent(lines::add);
            advance(Duration.ofMillis(250));
        }
        long reported = lines.size() + lines.stream()
                .mapToLong(l -> l.isEmpty() ? 0 : Long.parseLong(l.replaceAll("\\D", ""))).sum();

        assertEquals(60, lines.size());
        assertEquals(occurrences - 239, reported, "every occurrence but the last minute's is counted in a line");
    }

    @Test
    void keysAreLimitedApart() {
        assertEquals(Optional.of(""), limiter.admit("lane east: oversize"));
        assertEquals(Optional.of(""), limiter.admit("lane west: oversize"));
        assertEquals(Optional.empty(), limiter.admit("lane east: oversize"));
    }

    @Test
    void concurrentOccurrencesLetExactlyOneThrough() throws InterruptedException {
        AtomicInteger through = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 1000; i++) {
                    limiter.admit("shared").ifPresent(s -> through.incrementAndGet());
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(1, through.get());
    }

    @Test
    void refusesAnIntervalThatLimitsNothing() {
        assertThrows(IllegalArgumentException.class, () -> new RepeatLimiter(Duration.ZERO));
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
