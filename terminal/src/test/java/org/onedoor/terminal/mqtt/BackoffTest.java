package org.onedoor.terminal.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFrom250MsUpTo5SecondsAndStartsOverAfterReset() {
        Backoff backoff = new Backoff();
        List<Long> delays = Stream.generate(backoff::nextDelayMs).limit(7).toList();
        assertEquals(List.of(250L, 500L, 1_000L, 2_000L, 4_000L, 5_000L, 5_000L), delays);

        backoff.reset();

        assertEquals(250L, backoff.nextDelayMs());
    }
}
