package org.onedoor.drivers.serial;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.onedoor.drivers.serial.EolFramerTest.Recorder;

class LengthPrefixFramerTest {
    private static final long MS = 1_000_000;

    /** One frame as the GM60 sends it. */
    static byte[] frame(int header, String text) {
        byte[] data = text.getBytes(ISO_8859_1);
        byte[] wire = new byte[data.length + 2];
        wire[0] = (byte) header;
        wire[1] = (byte) data.length;
        System.arraycopy(data, 0, wire, 2, data.length);
        return wire;
    }

    private static void feed(ScanFramer framer, byte[] bytes, long now, FrameSink sink) {
        framer.feed(bytes, 0, bytes.length, now, sink);
    }

    @Test
    void framesWithEitherHeaderAreCutByTheirLength() {
        Recorder sink = new Recorder();
        LengthPrefixFramer framer = new LengthPrefixFramer(64);

        feed(framer, frame(0x03, "a\r\nb\0c"), 1, sink);
        feed(framer, frame(0x04, "\u0003\u0004"), 2, sink);

        assertEquals(List.of("a\r\nb\0c", "\u0003\u0004"), sink.frames, "data may hold any byte");
    }

    @Test
    void framesFedByteByByteArriveIntact() {
        Recorder sink = new Recorder();
        LengthPrefixFramer framer = new LengthPrefixFramer(64);
        byte[] wire = frame(0x03, "HC1:xyz");

        for (int i = 0; i < wire.length; i++) {
            framer.feed(wire, i, 1, i * MS, sink);
        }

        assertEquals(List.of("HC1:xyz"), sink.frames);
        assertEquals(List.of((wire.length - 1) * MS), sink.endNanos);
    }

    @Test
    void strayBytesBetweenFramesAreNoise() {
        Recorder sink = new Recorder();
        LengthPrefixFramer framer = new LengthPrefixFramer(64);

        feed(framer, "junk".getBytes(ISO_8859_1), 1, sink);
        feed(framer, frame(0x03, "ok"), 2, sink);

        assertEquals(List.of("ok"), sink.frames);
        assertEquals(List.of(4L), sink.noise);
    }

    @Test
    void aFrameLongerThanTheMaximumIsDroppedWhole() {
        Recorder sink = new Recorder();
        LengthPrefixFramer framer = new LengthPrefixFramer(8);

        feed(framer, frame(0x03, "0123456789"), 1, sink);
        feed(framer, frame(0x03, "fits"), 2, sink);

        assertEquals(List.of("fits"), sink.frames);
        assertEquals(List.of(10L), sink.oversize);
    }

    @Test
    void aFrameThatStallsIsDroppedSoALostByteCannotShiftLaterFrames() {
        Recorder sink = new Recorder();
        LengthPrefixFramer framer = new LengthPrefixFramer(64);

        feed(framer, new byte[] {0x03, 10, 'a', 'b'}, 0, sink);
        framer.idle(LengthPrefixFramer.RESYNC_SILENCE_MS * MS, sink);
        feed(framer, frame(0x03, "next"), (LengthPrefixFramer.RESYNC_SILENCE_MS + 1) * MS, sink);

        assertEquals(List.of("next"), sink.frames);
        assertEquals(List.of(4L), sink.noise);
    }

    @Test
    void anEmptyFrameIsSkipped() {
        Recorder sink = new Recorder();
        LengthPrefixFramer framer = new LengthPrefixFramer(64);

        feed(framer, new byte[] {0x03, 0}, 1, sink);
        feed(framer, frame(0x04, "x"), 2, sink);

        assertEquals(List.of("x"), sink.frames);
        assertEquals(List.of(), sink.noise);
    }
}
