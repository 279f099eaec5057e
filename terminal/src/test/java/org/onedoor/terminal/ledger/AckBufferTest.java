package org.onedoor.terminal.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The lowest entry still being actuated, read by the publisher while the lanes open and seal entries: until it read
 * the set once, an entry sealed between its emptiness check and its first element threw {@code
 * NoSuchElementException} in the publisher, which then paused (seen in {@code SdCardWritesTest}'s output).
 */
class AckBufferTest {
    private static final int ENTRIES = 200_000;

    @Test
    void theFirstUnsealedEntryIsReadWhileLanesSealWithoutFailing() throws Exception {
        AckBuffer buffer = new AckBuffer();
        AtomicBoolean done = new AtomicBoolean();
        List<Throwable> failures = new ArrayList<>();
        Thread publisher = new Thread(() -> {
            try {
                while (!done.get()) {
                    long first = buffer.firstUnsealed();
                    assertTrue(first > 0, "a seq or none");
                }
            } catch (Throwable t) {
                synchronized (failures) {
                    failures.add(t);
                }
            }
        });
        publisher.start();
        for (long seq = 1; seq <= ENTRIES; seq++) {
            buffer.opened(seq);
            buffer.sealed(seq, 10);
        }
        done.set(true);
        publisher.join();
        assertEquals(List.of(), failures);
        assertEquals(Long.MAX_VALUE, buffer.firstUnsealed());
    }

    @Test
    void theFirstUnsealedEntryIsTheLowestStillOpen() {
        AckBuffer buffer = new AckBuffer();
        assertEquals(Long.MAX_VALUE, buffer.firstUnsealed());
        buffer.opened(7);
        buffer.opened(5);
        assertEquals(5, buffer.firstUnsealed());
        buffer.sealed(5, 100);
        assertEquals(7, buffer.firstUnsealed());
    }
}
