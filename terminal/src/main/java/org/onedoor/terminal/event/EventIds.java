package org.onedoor.terminal.event;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUIDv7 event ids (RFC 9562): 48 bits of Unix milliseconds, then random bits, so ids sort by
 * creation time and never collide across terminals. The county deduplicates repeated deliveries by id.
 */
public final class EventIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {
    }

    public static String next(long epochMs) {
        long randA = RANDOM.nextInt(1 << 12);
        long msb = (epochMs & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randA;
        long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }
}
