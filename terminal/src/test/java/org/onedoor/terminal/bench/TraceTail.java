package org.onedoor.terminal.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.onedoor.drivers.testing.GpioTrace;

/**
 * Follows the GPIO trace another process writes: each call reads only what was appended since the last one,
 * so a run of ten thousand scans never reparses the file. Keeps each pin's state and the time of its last
 * change, as the daemon's clock ({@code System.nanoTime()}, CLOCK_MONOTONIC, shared by the processes of one
 * machine) stamped it.
 */
final class TraceTail implements AutoCloseable {
    /** Between reads of the file while waiting: short enough not to delay the next scan, long enough not to spin. */
    private static final long POLL_NANOS = 200_000;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final StringBuilder partial = new StringBuilder();
    private final Map<Integer, PinState> pins = new HashMap<>();

    /**
     * A pin's latest state, and whether and when it last became active: a short pulse may begin and end between
     * two reads.
     */
    private record PinState(boolean active, long changedNanos, boolean everActive, long activatedNanos) {
    }

    TraceTail(Path trace) throws IOException {
        if (!Files.exists(trace)) {
            Files.createFile(trace);
        }
        channel = FileChannel.open(trace, StandardOpenOption.READ);
    }

    /**
     * Waits for {@code pin} to become active at or after {@code notBeforeNanos} and returns the time of that
     * change; {@code notBeforeNanos} keeps an older activation from counting.
     */
    long awaitActivation(int pin, long notBeforeNanos, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            read();
            PinState state = pins.get(pin);
            if (state != null && state.everActive && state.activatedNanos - notBeforeNanos >= 0) {
                return state.activatedNanos;
            }
            pause(deadline, "pin " + pin + " to become active");
        }
    }

    /** Which of two pins became active first at or after {@code notBeforeNanos}, and when. */
    record Activation(int pin, long nanos) {
    }

    /** As {@link #awaitActivation} for whichever of {@code pin} and {@code other} becomes active first. */
    Activation awaitEither(int pin, int other, long notBeforeNanos, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            read();
            for (int p : new int[] {pin, other}) {
                PinState state = pins.get(p);
                if (state != null && state.everActive && state.activatedNanos - notBeforeNanos >= 0) {
                    return new Activation(p, state.activatedNanos);
                }
            }
            pause(deadline, "pin " + pin + " or " + other + " to become active");
        }
    }

    /** Waits until {@code pin} has been inactive for at least {@code rest}. */
    void awaitRest(int pin, Duration rest, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            read();
            PinState state = pins.get(pin);
            if (state == null || !state.active && System.nanoTime() - state.changedNanos >= rest.toNanos()) {
                return;
            }
            pause(deadline, "pin " + pin + " to rest for " + rest.toMillis() + " ms");
        }
    }

    private static void pause(long deadline, String what) {
        if (System.nanoTime() - deadline >= 0) {
            throw new IllegalStateException("timed out waiting for " + what + " in the GPIO trace");
        }
        LockSupport.parkNanos(POLL_NANOS);
    }

    /**
     * Applies every complete line appended since the last read; a line still being written waits for the next.
     * Decoding chunk by chunk is safe because the benchmark gates name their lines in ASCII.
     */
    private void read() throws IOException {
        while (channel.read(buffer) > 0) {
            buffer.flip();
            partial.append(StandardCharsets.UTF_8.decode(buffer));
            buffer.clear();
        }
        int start = 0;
        for (int end = partial.indexOf("\n"); end >= 0; end = partial.indexOf("\n", start)) {
            GpioTrace.Event e = GpioTrace.parse(partial.substring(start, end));
            PinState before = pins.get(e.pin());
            pins.put(e.pin(), e.active() ? new PinState(true, e.tNanos(), true, e.tNanos())
                    : new PinState(false, e.tNanos(), before != null && before.everActive,
                            before == null ? 0 : before.activatedNanos));
            start = end + 1;
        }
        partial.delete(0, start);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
