package org.onedoor.terminal.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/**
 * What the broker sends, as Paho reads it, with every PUBLISH above its topic's limit cut down to an empty
 * payload before Paho sees it. Paho 1.2.5 reads a packet's remaining length and then allocates that many
 * bytes (up to 256 MB) at once, so a single large message, or a retained one redelivered at every connect,
 * would end the JVM with an {@code OutOfMemoryError} before any check of ours could run.
 *
 * <p>The stream parses each packet's fixed header. A PUBLISH keeps its header byte, topic and packet id (so
 * Paho delivers and acknowledges it as usual, and the broker stops redelivering it) but its payload is read
 * and discarded in small pieces; {@link Listener#oversized} hears of it first. Any other packet above
 * {@link #MAX_OTHER_PACKET} bytes is a broken or hostile broker, and ends the connection.
 *
 * <p>Paho's socket has a one-second read timeout and Paho resumes a read after a {@code SocketTimeoutException};
 * so all parsing state lives in fields and is advanced only by bytes actually read, and any read may throw
 * and be called again.
 */
public final class PacketLimitingInputStream extends InputStream {
    /** CONNACK, PUBACK, SUBACK (one byte per filter), PINGRESP: all a few bytes. */
    static final int MAX_OTHER_PACKET = 4096;
    private static final int PUBLISH = 3;
    private static final int SKIP_CHUNK = 8192;

    /** Hears of each PUBLISH whose payload was discarded, before Paho delivers its empty stand-in. */
    @FunctionalInterface
    public interface Listener {
        void oversized(String topic, int packetId, long payloadBytes, boolean retained);
    }

    private enum Stage { HEADER, LENGTH, PUBLISH_HEADER }

    private final InputStream in;
    private final ToIntFunction<String> limitForTopic;
    private final Listener listener;
    private final byte[] scratch = new byte[SKIP_CHUNK];

    private Stage stage = Stage.HEADER;
    private int headerByte;
    private long remaining;
    private int lengthShift;
    private final ByteArrayOutputStream lengthBytes = new ByteArrayOutputStream(4);
    /** The PUBLISH variable header (topic length, topic, packet id) read so far. */
    private final ByteArrayOutputStream variableHeader = new ByteArrayOutputStream(64);
    private int variableHeaderLength = -1;
    /** Bytes ready for Paho: a header passed on or rewritten. */
    private byte[] ready = new byte[0];
    private int readyAt;
    /** Body bytes of the current packet to pass through unchanged. */
    private long passing;
    /** Payload bytes of the current packet to discard. */
    private long skipping;

    /**
     * @param limitForTopic the largest payload a PUBLISH on a topic may carry
     */
    PacketLimitingInputStream(InputStream in, ToIntFunction<String> limitForTopic, Listener listener) {
        this.in = in;
        this.limitForTopic = limitForTopic;
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (readyAt < ready.length) {
                int n = Math.min(len, ready.length - readyAt);
                System.arraycopy(ready, readyAt, b, off, n);
                readyAt += n;
                return n;
            }
            if (passing > 0) {
                int n = in.read(b, off, (int) Math.min(len, passing));
                if (n > 0) {
                    passing -= n;
                }
                return n;
            }
            if (skipping > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, skipping));
                if (n < 0) {
                    return -1;
                }
                skipping -= n;
                continue;
            }
            if (!advanceHeader()) {
                return -1;
            }
        }
    }

    @Override
    public int available() throws IOException {
        if (readyAt < ready.length) {
            return ready.length - readyAt;
        }
        return passing > 0 ? (int) Math.min(passing, in.available()) : 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Reads the next header byte(s); false at the end of the stream. */
    private boolean advanceHeader() throws IOException {
        switch (stage) {
            case HEADER -> {
                int b = in.read();
                if (b < 0) {
                    return false;
                }
                headerByte = b;
                remaining = 0;
                lengthShift = 0;
                lengthBytes.reset();
                stage = Stage.LENGTH;
            }
            case LENGTH -> {
                int b = in.read();
                if (b < 0) {
                    return false;
                }
                lengthBytes.write(b);
                remaining |= (long) (b & 0x7f) << lengthShift;
                lengthShift += 7;
                if ((b & 0x80) != 0) {
                    if (lengthBytes.size() == 4) {
                        throw new IOException("MQTT packet with a remaining length of more than four bytes");
                    }
                } else {
                    lengthKnown();
                }
            }
            case PUBLISH_HEADER -> readPublishHeader();
        }
        return true;
    }

    private void lengthKnown() throws IOException {
        if ((headerByte >> 4) == PUBLISH) {
            variableHeader.reset();
            variableHeaderLength = -1;
            stage = Stage.PUBLISH_HEADER;
            return;
        }
        if (remaining > MAX_OTHER_PACKET) {
            throw new IOException("MQTT packet of type " + (headerByte >> 4) + " with " + remaining
                    + " bytes, more than " + MAX_OTHER_PACKET + "; the connection is closed");
        }
        passOn(lengthBytes.toByteArray(), new byte[0], remaining);
    }

    /** Topic length, topic, and the packet id when the QoS is above 0; then decides. */
    private void readPublishHeader() throws IOException {
        if (variableHeaderLength < 0 && variableHeader.size() == 2) {
            byte[] len = variableHeader.toByteArray();
            int topicLength = (len[0] & 0xff) << 8 | (len[1] & 0xff);
            variableHeaderLength = 2 + topicLength + (qos() > 0 ? 2 : 0);
            if (variableHeaderLength > remaining) {
                throw new IOException("MQTT PUBLISH whose topic is longer than the packet");
            }
        }
        if (variableHeaderLength >= 0 && variableHeader.size() == variableHeaderLength) {
            decidePublish();
            return;
        }
        if (variableHeaderLength < 0 && remaining < 2) {
            throw new IOException("MQTT PUBLISH too short for its topic");
        }
        int b = in.read();
        if (b < 0) {
            throw new java.io.EOFException("the connection ended inside a PUBLISH header");
        }
        variableHeader.write(b);
        if (variableHeaderLength >= 0 && variableHeader.size() == variableHeaderLength) {
            decidePublish();
        }
    }

    private void decidePublish() {
        byte[] header = variableHeader.toByteArray();
        long payload = remaining - header.length;
        int topicLength = header.length - 2 - (qos() > 0 ? 2 : 0);
        String topic = new String(header, 2, topicLength, StandardCharsets.UTF_8);
        if (payload <= limitForTopic.applyAsInt(topic)) {
            passOn(lengthBytes.toByteArray(), header, payload);
            return;
        }
        int packetId = qos() > 0 ? (header[header.length - 2] & 0xff) << 8 | (header[header.length - 1] & 0xff) : 0;
        listener.oversized(topic, packetId, payload, (headerByte & 1) != 0);
        passOn(encodeLength(header.length), header, 0);
        skipping = payload;
    }

    private void passOn(byte[] length, byte[] variable, long body) {
        byte[] out = new byte[1 + length.length + variable.length];
        out[0] = (byte) headerByte;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(variable, 0, out, 1 + length.length, variable.length);
        ready = out;
        readyAt = 0;
        passing = body;
        stage = Stage.HEADER;
    }

    private int qos() {
        return (headerByte >> 1) & 0x03;
    }

    private static byte[] encodeLength(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4);
        int v = value;
        do {
            int digit = v % 128;
            v /= 128;
            out.write(v > 0 ? digit | 0x80 : digit);
        } while (v > 0);
        return out.toByteArray();
    }
}
