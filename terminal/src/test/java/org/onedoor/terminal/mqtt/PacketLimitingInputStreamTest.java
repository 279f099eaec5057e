package org.onedoor.terminal.mqtt;

import static org.onedoor.drivers.testing.Bytes.concat;
import static org.onedoor.terminal.testing.MqttPackets.publish;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The broker's byte stream as Paho reads it: small packets unchanged, oversized payloads gone, timeouts survived. */
class PacketLimitingInputStreamTest {
    private static final int LIMIT = 100;

    private final List<String> discarded = new ArrayList<>();

    @Test
    void anOversizedPublishReachesPahoEmptyWithItsTopicAndIdAndTheRestPassesUnchanged() throws Exception {
        byte[] connack = {0x20, 0x02, 0x00, 0x00};
        byte[] small = publish(0x32, "t/cmd/open", 7, "{\"a\":1}".getBytes(StandardCharsets.US_ASCII));
        byte[] big = publish(0x33, "t/cmd/x", 8, new byte[300_000]);
        byte[] qos0 = publish(0x30, "t/risklist/delta", -1, new byte[50]);
        byte[] pingresp = {(byte) 0xd0, 0x00};
        byte[] wire = concat(connack, small, big, qos0, pingresp);

        byte[] read = readAll(new PacketLimitingInputStream(new Stuttering(wire), topic -> LIMIT, this::discard));

        assertArrayEquals(concat(connack, small, publish(0x33, "t/cmd/x", 8, new byte[0]), qos0, pingresp), read);
        assertEquals(List.of("t/cmd/x #8 300000 bytes retained"), discarded);
    }

    @Test
    void aNonPublishPacketAboveItsLimitEndsTheConnection() {
        byte[] suback = concat(new byte[] {(byte) 0x90, (byte) 0x80, (byte) 0x80, 0x01}, new byte[16_384]);
        var in = new PacketLimitingInputStream(new ByteArrayInputStream(suback), topic -> LIMIT, this::discard);
        assertThrows(IOException.class, () -> readAll(in));
    }

    private void discard(String topic, int packetId, long bytes, boolean retained) {
        discarded.add(topic + " #" + packetId + " " + bytes + " bytes" + (retained ? " retained" : ""));
    }

    /** Reads in Paho's way: small reads, going on after each read timeout as its receiver does. */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[7];
        while (true) {
            int n;
            try {
                n = in.read(buffer, 0, buffer.length);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                return out.toByteArray();
            }
            out.write(buffer, 0, n);
        }
    }

    /** A socket's stream: a few bytes at a time, and a read timeout every third call. */
    private static final class Stuttering extends InputStream {
        private final ByteArrayInputStream in;
        private int calls;

        Stuttering(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() throws IOException {
            timeoutNowAndThen();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            timeoutNowAndThen();
            return in.read(b, off, Math.min(len, 5));
        }

        private void timeoutNowAndThen() throws SocketTimeoutException {
            if (++calls % 3 == 0) {
                throw new SocketTimeoutException("Read timed out");
            }
        }
    }
}
