package org.onedoor.terminal.status;

import java.time.Instant;

/**
 * A colour the service gave earlier, as {@link StatusCache} keeps it: times to the millisecond.
 *
 * @param freshUntil the sooner of {@code validUntil} and {@code fetchedAt + ttl}; fresh strictly before it
 */
public record CachedStatus(HealthStatus status, Instant validUntil, Instant fetchedAt, Instant freshUntil) {
}
