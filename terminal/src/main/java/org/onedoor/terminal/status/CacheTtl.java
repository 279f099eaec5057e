package org.onedoor.terminal.status;

import java.time.Duration;

/** How long a status fetched from the service may stand in for it, per colour. */
public record CacheTtl(Duration green, Duration yellow, Duration red) {
    public static CacheTtl all(Duration ttl) {
        return new CacheTtl(ttl, ttl, ttl);
    }
}
