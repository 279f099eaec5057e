package org.onedoor.drivers.serial;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A million random chunks through each framer, the bytes biased towards what cuts frames (CR, LF,
 * the length headers) and the clock jumping so that silences end idle frames: nothing escapes,
 * every frame respects the maximum and its framing, and the heap does not grow with the input.
 */
class FramerFuzzTest {
    private static final int CHUNKS = 1_000_000;
    private static final int MAX_FRAME = 64;
    private static final int MAX_CHUNK = 32;
    private static final long HEAP_GROWTH_LIMIT = 4L << 20;

    /** Checks every frame as it comes and keeps counts only, so the sink itself stays small. */
    private static final class CheckingSink implements FrameSink {
        private final Framing framing;
        long frames;
        long oversize;
        long noiseBytes;

        CheckingSink(Framing framing) {
            this.framing = framing;
        }

        @Override
        public void onFrame(byte[] frame, long endNanos) {
            frames++;
            assertTrue(frame.length > 0, "empty frame");
            assertTrue(frame.length <= MAX_FRAME, framing + ": frame of " + frame.length + " bytes");
            assertTrue(respectsFraming(frame), framing + ": a terminator inside a frame");
        }

        @Override
        public void onOversize(long discardedBytes) {
            assertTrue(discardedBytes > MAX_FRAME, "oversize of " + discardedBytes);
            oversize++;
        }

        @Override
        public void onNoise(long discardedBytes) {
            assertTrue(discardedBytes > 0, "noise of " + discardedBytes);
            noiseBytes += discardedBytes;
        }

        private boolean respectsFraming(byte[] frame) {
            for (int i = 0; i < frame.length; i++) {
                byte b = frame[i];
                boolean bad = switch (framing) {
                    case CR -> b == '\r';
                    case LF -> b == '\n';
                    case ANY_EOL -> b == '\r' || b == '\n';
                    case CRLF -> b == '\r' && i + 1 < frame.length && frame[i + 1] == '\n';
                    default -> false;
                };
                if (bad) {
                    return false;
                }
            }
            return true;
        }
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void aMillionRandomChunks(Framing framing) {
        Random random = new Random(20240611L + framing.ordinal());
        ScanFramer framer = framing.newFramer(MAX_FRAME, Framing.DEFAULT_IDLE_MS);
        CheckingSink sink = new CheckingSink(framing);
        byte[] chunk = new byte[MAX_CHUNK];
        long heapBefore = usedHeapAfterGc();
        long started = System.nanoTime();
        long now = 0;

        for (int i = 0; i < CHUNKS; i++) {
            int len = random.nextInt(MAX_CHUNK + 1);
            fill(chunk, len, random);
            now += random.nextInt(8) == 0 ? 600_000_000L : random.nextInt(5_000_000);
            framer.feed(chunk, 0, len, now, sink);
            if (random.nextBoolean()) {
                framer.idle(now + random.nextInt(60_000_000), sink);
            }
        }

        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        long heapGrowth = usedHeapAfterGc() - heapBefore;
        System.out.printf("Fuzz %s: %d chunks in %d ms; %d frames, %d oversize, %d noise bytes; heap %+d kB%n",
                framing.configName(), CHUNKS, elapsedMs, sink.frames, sink.oversize, sink.noiseBytes,
                heapGrowth / 1024);
        assertTrue(sink.frames > 10_000, framing + ": frames were cut");
        assertTrue(sink.oversize > 0, framing + ": oversize frames were reported");
        assertTrue(heapGrowth < HEAP_GROWTH_LIMIT, framing + ": heap grew by " + heapGrowth + " bytes");
        framer.reset();
    }

    /** Random bytes with terminators, CR LF pairs and length headers sprinkled in. */
    private static void fill(byte[] chunk, int len, Random random) {
        for (int j = 0; j < len; j++) {
            chunk[j] = switch (random.nextInt(48)) {
                case 0 -> '\r';
                case 1 -> '\n';
                case 2 -> 0x03;
                case 3 -> 0x04;
                default -> (byte) random.nextInt(256);
            };
            if (chunk[j] == '\r' && j + 1 < len && random.nextBoolean()) {
                chunk[++j] = '\n';
            }
        }
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
