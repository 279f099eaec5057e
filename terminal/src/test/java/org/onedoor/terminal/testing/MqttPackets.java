package org.onedoor.terminal.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import static org.onedoor.drivers.testing.Bytes.concat;

/** MQTT 3.1.1 packets as bytes on the wire, for tests and benchmarks that speak to a broker or a reader directly. */
public final class MqttPackets {
    private MqttPackets() {
    }

    /** CONNECT with a clean session and a 60 s keep-alive. */
    public static byte[] connect(String clientId) {
        return packet(0x10, concat(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 60}, string(clientId)));
    }

    /** PUBLISH with {@code header} as its first byte (QoS in its flags); a negative {@code packetId} writes none (QoS 0). */
    public static byte[] publish(int header, String topic, int packetId, byte[] payload) {
        byte[] id = packetId < 0 ? new byte[0] : new byte[] {(byte) (packetId >> 8), (byte) packetId};
        return packet(header, concat(string(topic), id, payload));
    }

    /** A packet: its first byte, the remaining length as MQTT's variable-length integer, the body. */
    public static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            out.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] string(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {(byte) (bytes.length >> 8), (byte) bytes.length}, bytes);
    }
}
