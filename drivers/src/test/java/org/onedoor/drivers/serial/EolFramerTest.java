package org.onedoor.drivers.serial;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EolFramerTest {

    /** Records what the framer emits. */
    static final class Recorder implements FrameSink {
        final List<String> frames = new ArrayList<>();
        final List<Long> endNanos = new ArrayList<>();
        final List<Long> oversize = new ArrayList<>();
        final List<Long> noise = new ArrayList<>();
        int longestFrame;

        @Override
        public void onFrame(byte[] frame, long endNanos) {
            frames.add(new String(frame, ISO_8859_1));
            this.endNanos.add(endNanos);
            longestFrame = Math.max(longestFrame, frame.length);
        }

        @Override
        public void onOversize(long discardedBytes) {
            oversize.add(discardedBytes);
        }

        @Override
        public void onNoise(long discardedBytes) {
            noise.add(discardedBytes);
        }
    }

    private static void feed(ScanFramer framer, String text, long now, FrameSink sink) {
        byte[] bytes = text.getBytes(ISO_8859_1);
        framer.feed(bytes, 0, bytes.length, now, sink);
    }

    @ParameterizedTest
    @CsvSource({"CR, '\r'", "LF, '\n'", "CRLF, '\r\n'"})
    void cutsFramesAtTheConfiguredTerminator(Framing framing, String eol) {
        Recorder sink = new Recorder();
        EolFramer framer = new EolFramer(framing);

        feed(framer, "first" + eol + "second" + eol + "third" + eol, 7, sink);

        assertEquals(List.of("first", "second", "third"), sink.frames);
        assertEquals(List.of(7L, 7L, 7L), sink.endNanos);
    }

    @ParameterizedTest
    @CsvSource({"CR, '\r'", "LF, '\n'", "CRLF, '\r\n'"})
    void assemblesFramesFedByteByByte(Framing framing, String eol) {
        Recorder sink = new Recorder();
        EolFramer framer = new EolFramer(framing);
        byte[] bytes = ("HC1:ABC" + eol + "xyz" + eol).getBytes(ISO_8859_1);

        for (int i = 0; i < bytes.length; i++) {
            framer.feed(bytes, i, 1, 100 + i, sink);
        }

        assertEquals(List.of("HC1:ABC", "xyz"), sink.frames);
        assertEquals(100 + 7 + eol.length() - 1, sink.endNanos.get(0), "end time is the feed that saw the terminator");
    }

    @ParameterizedTest
    @CsvSource({"CR, '\r\r\r'", "LF, '\n\n'", "CRLF, '\r\n\r\n'"})
    void emitsNoEmptyFrames(Framing framing, String terminators) {
        Recorder sink = new Recorder();
        EolFramer framer = new EolFramer(framing);

        feed(framer, terminators + "a" + terminators, 1, sink);

        assertEquals(List.of("a"), sink.frames);
    }

    @Test
    void crlfSplitBetweenCrAndLfAcrossFeeds() {
        Recorder sink = new Recorder();
        EolFramer framer = new EolFramer(Framing.CRLF);

        feed(framer, "code\r", 1, sink);
        assertEquals(List.of(), sink.frames);
        feed(framer, "\nnext\r\n", 2, sink);

        assertEquals(List.of("code", "next"), sink.frames);
        assertEquals(List.of(2L, 2L), sink.endNanos);
    }

    @Test
    void crlfKeepsLoneCrAndLfAsData() {
        Recorder sink = new Recorder();
        EolFramer framer = new EolFramer(Framing.CRLF);

        feed(framer, "a\rb\nc\r\r\n", 1, sink);

        assertEquals(List.of("a\rb\nc\r"), sink.frames);
    }

    @Test
    void oversizeFrameIsDiscardedOnceAndNextFrameIsIntact() {
        Recorder sink = new Recorder();
        EolFramer framer = new EolFramer(Framing.LF, 8);

        feed(framer, "12345678\n", 1, sink);
        feed(framer, "123456789", 2, sink);
        feed(framer, "abc\nok\n", 3, sink);

        assertEquals(List.of("12345678", "ok"), sink.frames, "a frame of exactly the maximum passes");
        assertEquals(List.of(12L), sink.oversize);
    }

    @Test
    void oversizeCrlfFrameCountsEveryDroppedByte() {
        Recorder sink = new Recorder();
        EolFramer framer = new EolFramer(Framing.CRLF, 4);

        feed(framer, "abcd\re\r\nfine\r\n", 1, sink);

        assertEquals(List.of("fine"), sink.frames);
        assertEquals(List.of(6L), sink.oversize);
    }

    @Test
    void nulBytesInsideAFrameAreData() {
        Recorder sink = new Recorder();
        EolFramer framer = new EolFramer(Framing.CR);
        byte[] bytes = {'a', 0, 'b', 0, '\r'};

        framer.feed(bytes, 0, bytes.length, 1, sink);

        assertEquals(1, sink.frames.size());
        assertArrayEquals(new byte[] {'a', 0, 'b', 0}, sink.frames.get(0).getBytes(ISO_8859_1));
    }

    @Test
    void resetForgetsAPartialFrame() {
        Recorder sink = new Recorder();
        EolFramer framer = new EolFramer(Framing.CRLF);

        feed(framer, "stale\r", 1, sink);
        framer.reset();
        feed(framer, "fresh\r\n", 2, sink);

        assertEquals(List.of("fresh"), sink.frames);
    }

    @Test
    void anyEolCutsAtEachTerminatorAndDropsTheEmptyFrameInsideCrLf() {
        Recorder sink = new Recorder();
        EolFramer framer = new EolFramer(Framing.ANY_EOL);

        feed(framer, "a\rb\nc\r\nd\n\re\r", 1, sink);

        assertEquals(List.of("a", "b", "c", "d", "e"), sink.frames);
    }

    @Test
    void anyEolEndsTheFrameAtTheCrOfASplitCrLf() {
        Recorder sink = new Recorder();
        EolFramer framer = new EolFramer(Framing.ANY_EOL);

        feed(framer, "code\r", 1, sink);
        feed(framer, "\nnext\r", 2, sink);

        assertEquals(List.of("code", "next"), sink.frames);
        assertEquals(List.of(1L, 2L), sink.endNanos, "the frame ends at its CR; latency does not wait for the LF");
    }

    @Test
    void framingBuildsTheRightFramer() {
        assertTrue(Framing.ANY_EOL.newFramer(64, 50) instanceof EolFramer);
        assertTrue(Framing.IDLE.newFramer(64, 50) instanceof IdleFramer);
        assertTrue(Framing.LENGTH.newFramer(64, 50) instanceof LengthPrefixFramer);
        assertEquals(Framing.ANY_EOL, Framing.fromConfigName("any-eol"));
    }
}
