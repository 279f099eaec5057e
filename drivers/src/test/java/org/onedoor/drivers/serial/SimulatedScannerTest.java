package org.onedoor.drivers.serial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SimulatedScannerTest {

    @Test
    void injectedFramesReachTheListenerAndAreCounted() {
        List<byte[]> frames = new ArrayList<>();
        List<Boolean> availability = new ArrayList<>();
        SimulatedScanner scanner = new SimulatedScanner("demo");
        scanner.start(new ScanListener() {
            @Override
            public void onFrame(byte[] frame, long endNanos) {
                frames.add(frame);
            }

            @Override
            public void onAvailability(boolean up, String detail) {
                availability.add(up);
            }
        });

        scanner.inject(new byte[] {'H', 'C', '1'});

        assertArrayEquals(new byte[] {'H', 'C', '1'}, frames.get(0));
        assertEquals(List.of(true), availability);
        ScannerHealth health = scanner.health();
        assertTrue(health.up());
        assertEquals(1, health.frames());
        assertTrue(health.lastFrameEpochMs() > 0);

        scanner.setAvailability(false, "unplugged");
        assertEquals(List.of(true, false), availability);
        assertThrows(IllegalStateException.class, () -> scanner.inject(new byte[] {1}));
    }

    @Test
    void aThrowingListenerIsCountedNotPropagated() {
        SimulatedScanner scanner = new SimulatedScanner("demo");
        scanner.start((frame, endNanos) -> {
            throw new IllegalStateException("listener bug");
        });

        scanner.inject(new byte[] {1});

        assertEquals(1, scanner.health().errors());
        scanner.close();
        assertFalse(scanner.health().up());
    }

    @Test
    void aStackOverflowInTheListenerCostsOneFrameAndAFaultOfTheJvmPropagates() {
        SimulatedScanner scanner = new SimulatedScanner("demo");
        assertFalse(scanner.readerAlive(), "not started");
        scanner.start((frame, endNanos) -> {
            throw frame[0] == 1 ? new StackOverflowError() : new InternalError("a fault of the JVM");
        });
        assertTrue(scanner.readerAlive());

        scanner.inject(new byte[] {1});
        assertEquals(1, scanner.health().errors());
        assertThrows(InternalError.class, () -> scanner.inject(new byte[] {2}));

        scanner.close();
        assertFalse(scanner.readerAlive(), "closed");
    }
}
