package org.onedoor.terminal.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RateLimitTest {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final MobileNumber ADMIN = MobileNumber.parse("13800138000");
    private static final MobileNumber DEPUTY = MobileNumber.parse("13912345678");
    private static final AlertNotice RED = new AlertNotice("red_code", "东门", "refused", Instant.EPOCH);

    /** The window slides: a slot frees an hour after the message that took it, not on the hour. */
    @Test
    void allowsMaxPerSlidingHourPerNumber() {
        RateLimit limit = new RateLimit(3, HOUR);
        long start = 5_000_000_000L;

        assertTrue(limit.tryAcquire(ADMIN, start));
        assertTrue(limit.tryAcquire(ADMIN, start + 10 * MINUTE));
        assertTrue(limit.tryAcquire(ADMIN, start + 20 * MINUTE));
        assertFalse(limit.tryAcquire(ADMIN, start + 30 * MINUTE));
        assertTrue(limit.tryAcquire(DEPUTY, start + 30 * MINUTE), "each number has its own window");
        assertFalse(limit.tryAcquire(ADMIN, start + HOUR - 1));
        assertTrue(limit.tryAcquire(ADMIN, start + HOUR));
        assertFalse(limit.tryAcquire(ADMIN, start + HOUR + 9 * MINUTE));
        assertTrue(limit.tryAcquire(ADMIN, start + HOUR + 10 * MINUTE));
    }

    @Test
    void worksAcrossTheSignOfNanoTime() {
        RateLimit limit = new RateLimit(1, HOUR);

        assertTrue(limit.tryAcquire(ADMIN, Long.MAX_VALUE - MINUTE));
        assertFalse(limit.tryAcquire(ADMIN, Long.MAX_VALUE));
        assertTrue(limit.tryAcquire(ADMIN, Long.MAX_VALUE - MINUTE + HOUR));
    }

    @Test
    void keepsWhatWasHeldBackUntilTaken() {
        RateLimit limit = new RateLimit(1, HOUR);
        limit.suppress(DEPUTY, RED);
        limit.suppress(ADMIN, RED);
        limit.suppress(DEPUTY, RED);

        assertEquals(List.of(DEPUTY, ADMIN), limit.owing());
        assertEquals(2, limit.take(DEPUTY).count());
        assertNull(limit.take(DEPUTY));
        assertEquals(List.of(ADMIN), limit.owing());
    }
}
