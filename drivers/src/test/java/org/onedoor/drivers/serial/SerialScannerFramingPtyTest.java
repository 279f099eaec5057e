package org.onedoor.drivers.serial;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.onedoor.drivers.testing.Bytes.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.onedoor.drivers.testing.Await;
import org.onedoor.drivers.testing.PtyPair;

/** Every framing mode over a real pseudo-terminal and JSSC, with the bytes a hostile line sends. */
class SerialScannerFramingPtyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The pause the idle framing ends frames on, kept short to keep the tests quick. */
    private static final int IDLE_MS = 30;

    @TempDir
    Path dir;
    private PtyPair pty;
    private SerialScanner scanner;
    private final List<String> frames = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        scanner.close();
        pty.close();
    }

    /** Not idle framing: there, frames without a pause between them are one frame. */
    @ParameterizedTest
    @EnumSource(value = Framing.class, mode = EnumSource.Mode.EXCLUDE, names = "IDLE")
    void severalFramesInOneWrite(Framing framing) throws IOException {
        start(framing, Framing.DEFAULT_MAX_FRAME_BYTES);

        pty.write(concat(wire(framing, "HC1:first"), wire(framing, "second"), wire(framing, "third")));

        Await.until("three frames", TIMEOUT, () -> frames.size() == 3);
        assertEquals(List.of("HC1:first", "second", "third"), frames);
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void framesWrittenByteByByteWithGaps(Framing framing) throws IOException {
        start(framing, Framing.DEFAULT_MAX_FRAME_BYTES);

        for (String code : List.of("slow-code-1", "slow-code-2")) {
            for (byte b : wire(framing, code)) {
                pty.write(new byte[] {b});
                paceLikeASlowModule();
            }
            Await.until(code, TIMEOUT, () -> frames.contains(code));
        }
        assertEquals(List.of("slow-code-1", "slow-code-2"), frames);
    }

    @ParameterizedTest
    @EnumSource(value = Framing.class, names = {"CRLF", "ANY_EOL"})
    void aFrameSplitExactlyBetweenCrAndLf(Framing framing) throws IOException {
        start(framing, Framing.DEFAULT_MAX_FRAME_BYTES);

        pty.write(ascii("split\r"));
        paceLikeASlowModule();
        pty.write(ascii("\nnext\r\n"));

        Await.until("two frames", TIMEOUT, () -> frames.size() == 2);
        assertEquals(List.of("split", "next"), frames);
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void nulInvalidUtf8AndGbkBytesPassThroughUntouched(Framing framing) throws IOException {
        start(framing, Framing.DEFAULT_MAX_FRAME_BYTES);
        List<byte[]> hostile = List.of(new byte[] {'a', 0, 'b', 0}, new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF},
                "东门健康码".getBytes(Charset.forName("GBK")));

        for (byte[] frame : hostile) {
            // Counted before the write: a reader that wakes on the first byte may have the frame before write returns.
            int expected = frames.size() + 1;
            pty.write(wire(framing, frame));
            Await.until("frame " + expected, TIMEOUT, () -> frames.size() == expected);
        }

        assertEquals(hostile.stream().map(b -> new String(b, ISO_8859_1)).toList(), frames);
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void sixtyFourKilobytesOfNoiseThenAScan(Framing framing) throws IOException {
        start(framing, Framing.DEFAULT_MAX_FRAME_BYTES);
        byte[] noise = noise(framing, 64 * 1024);

        pty.write(noise);
        switch (framing) {
            case IDLE -> Await.until("the noise ended by silence", TIMEOUT, () -> scanner.health().oversize() > 0);
            case LENGTH -> { }
            default -> pty.write(wire(framing, new byte[0]));
        }
        pty.write(wire(framing, "HC1:after-noise"));

        Await.until("the scan after the noise", TIMEOUT, () -> frames.contains("HC1:after-noise"));
        assertEquals("HC1:after-noise", frames.get(frames.size() - 1));
        assertTrue(frames.stream().allMatch(f -> f.length() <= Framing.DEFAULT_MAX_FRAME_BYTES));
        assertEquals(0, scanner.health().errors());
        if (framing == Framing.LENGTH) {
            assertEquals(noise.length, scanner.health().noise(), "every stray byte counted");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Framing.class, mode = EnumSource.Mode.EXCLUDE, names = "LENGTH")
    void aTenKilobyteFrameIsDroppedAndCountedUnderTheDefaultMaximum(Framing framing) throws IOException {
        start(framing, Framing.DEFAULT_MAX_FRAME_BYTES);

        pty.write(wire(framing, "X".repeat(10 * 1024)));
        Await.until("oversize counted", TIMEOUT, () -> scanner.health().oversize() == 1);
        pty.write(wire(framing, "HC1:next"));

        Await.until("the next frame", TIMEOUT, () -> frames.contains("HC1:next"));
        assertEquals(List.of("HC1:next"), frames);
    }

    @ParameterizedTest
    @EnumSource(value = Framing.class, mode = EnumSource.Mode.EXCLUDE, names = "LENGTH")
    void aTenKilobyteFrameArrivesWholeWhenTheMaximumAllowsIt(Framing framing) throws IOException {
        start(framing, 16 * 1024);
        String big = "HC1:" + "0123456789".repeat(1024);

        pty.write(wire(framing, big));

        Await.until("the big frame", TIMEOUT, () -> frames.size() == 1);
        assertEquals(big, frames.get(0));
        assertEquals(0, scanner.health().oversize());
    }

    private void start(Framing framing, int maxFrameBytes) throws IOException {
        pty = PtyPair.open(dir);
        scanner = new SerialScanner("east", pty.devicePath().toString(), 115200,
                framing.newFramer(maxFrameBytes, IDLE_MS), new GenericProfile(), new JsscSerialPortOpener());
        scanner.start((frame, endNanos) -> frames.add(new String(frame, ISO_8859_1)));
        Await.until("scanner up", TIMEOUT, () -> scanner.health().up());
    }

    /** A frame as a module configured for {@code framing} sends it; idle frames end by the pause after them. */
    private static byte[] wire(Framing framing, byte[] data) {
        return switch (framing) {
            case CR -> concat(data, ascii("\r"));
            case LF -> concat(data, ascii("\n"));
            case CRLF, ANY_EOL -> concat(data, ascii("\r\n"));
            case IDLE -> data;
            case LENGTH -> concat(new byte[] {0x03, (byte) data.length}, data);
        };
    }

    private static byte[] wire(Framing framing, String text) {
        return wire(framing, ascii(text));
    }

    /** Random bytes; without length headers in length framing, where a header would swallow the next scan. */
    private static byte[] noise(Framing framing, int length) {
        Random random = new Random(64);
        byte[] noise = new byte[length];
        for (int i = 0; i < length; i++) {
            do {
                noise[i] = (byte) random.nextInt(256);
            } while (framing == Framing.LENGTH && (noise[i] == 0x03 || noise[i] == 0x04));
        }
        return noise;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(ISO_8859_1);
    }

    /** Paces the sender (a few byte-times at 9600 baud, well inside the idle pause). */
    private static void paceLikeASlowModule() {
        LockSupport.parkNanos(3_000_000);
    }
}
