package org.onedoor.drivers.serial;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.onedoor.drivers.serial.EolFramerTest.Recorder;

class IdleFramerTest {
    private static final long MS = 1_000_000;

    private static void feed(ScanFramer framer, String text, long now, FrameSink sink) {
        byte[] bytes = text.getBytes(ISO_8859_1);
        framer.feed(bytes, 0, bytes.length, now, sink);
    }

    @Test
    void aFrameEndsAfterTheSilence() {
        Recorder sink = new Recorder();
        IdleFramer framer = new IdleFramer(64, 50);

        feed(framer, "HC1:", 0, sink);
        feed(framer, "abc\r\n", 10 * MS, sink);
        framer.idle(59 * MS, sink);
        assertEquals(List.of(), sink.frames, "49 ms of silence is not yet the end");
        framer.idle(60 * MS, sink);

        assertEquals(List.of("HC1:abc\r\n"), sink.frames, "terminators are data in this mode");
        assertEquals(List.of(60 * MS), sink.endNanos, "the end is when the silence was noticed");
    }

    @Test
    void bytesAfterASilenceStartANewFrameEvenWithoutAnIdleCall() {
        Recorder sink = new Recorder();
        IdleFramer framer = new IdleFramer(64, 50);

        feed(framer, "first", 0, sink);
        feed(framer, "second", 80 * MS, sink);
        framer.idle(200 * MS, sink);

        assertEquals(List.of("first", "second"), sink.frames);
    }

    @Test
    void anUnbrokenStreamLongerThanTheMaximumIsDroppedAtTheNextSilence() {
        Recorder sink = new Recorder();
        IdleFramer framer = new IdleFramer(8, 50);

        for (int i = 0; i < 10; i++) {
            feed(framer, "0123456789", i * MS, sink);
        }
        framer.idle(100 * MS, sink);
        feed(framer, "ok", 200 * MS, sink);
        framer.idle(300 * MS, sink);

        assertEquals(List.of("ok"), sink.frames);
        assertEquals(List.of(100L), sink.oversize);
    }

    @Test
    void resetForgetsAPartialFrame() {
        Recorder sink = new Recorder();
        IdleFramer framer = new IdleFramer(64, 50);

        feed(framer, "stale", 0, sink);
        framer.reset();
        framer.idle(100 * MS, sink);

        assertEquals(List.of(), sink.frames);
    }
}
