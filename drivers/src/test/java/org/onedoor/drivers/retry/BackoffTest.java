package org.onedoor.drivers.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFrom250MsUpTo5SecondsAndStartsOverAfterReset() {
        Backoff backoff = Backoff.withoutJitter(Duration.ofMillis(250), Duration.ofSeconds(5));
        List<Long> delays = Stream.generate(() -> backoff.next().toMillis()).limit(7).toList();
        assertEquals(List.of(250L, 500L, 1_000L, 2_000L, 4_000L, 5_000L, 5_000L), delays);

        backoff.reset();

        assertEquals(250L, backoff.next().toMillis());
    }

    @Test
    void jitterDrawsFromTheUpperHalfOfTheNominalDelay() {
        assertEquals(List.of(125L, 250L, 500L), delays(Backoff.withJitter(
                Duration.ofMillis(250), Duration.ofSeconds(5), () -> 0.0), 3));
        assertEquals(List.of(187L, 375L, 750L), delays(Backoff.withJitter(
                Duration.ofMillis(250), Duration.ofSeconds(5), () -> 0.5), 3));
    }

    @Test
    void randomJitterStaysWithinHalfAndAllOfTheNominalDelayAndUnderTheCap() {
        Backoff backoff = Backoff.withJitter(Duration.ofMillis(100), Duration.ofSeconds(2));
        long nominal = 100;
        for (int i = 0; i < 200; i++) {
            long delay = backoff.next().toMillis();
            assertTrue(delay >= nominal / 2 && delay <= nominal, "delay " + delay + " for nominal " + nominal);
            nominal = Math.min(2_000, nominal * 2);
        }
    }

    @Test
    void delayAfterACountedFailureFollowsTheSameDoublingWithoutOverflowing() {
        Backoff backoff = Backoff.withoutJitter(Duration.ofSeconds(30), Duration.ofMinutes(10));
        assertEquals(Duration.ofSeconds(30), backoff.delayAfter(1));
        assertEquals(Duration.ofSeconds(120), backoff.delayAfter(3));
        assertEquals(Duration.ofMinutes(10), backoff.delayAfter(6));
        assertEquals(Duration.ofMinutes(10), backoff.delayAfter(Integer.MAX_VALUE));
        assertEquals(Duration.ofSeconds(30), backoff.next(), "its own sequence is untouched");
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.withJitter(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> Backoff.withJitter(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> Backoff.withoutJitter(Duration.ofSeconds(1), Duration.ofSeconds(2)).delayAfter(0));
    }

    private static List<Long> delays(Backoff backoff, int n) {
        return Stream.generate(() -> backoff.next().toMillis()).limit(n).toList();
    }
}
