package org.onedoor.terminal.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.onedoor.terminal.testing.MqttPackets;

/**
 * A fleet of terminals replaying what they recorded: a connection per terminal, each sending its MQTT CONNECT and its
 * QoS 1 PUBLISH packets, encoded before any timing starts, as fast as the broker reads them, with a reader per
 * connection that waits for the broker's CONNACK and one PUBACK per message. The publishers cost next to no CPU, so
 * the broker and whoever subscribes set the pace.
 */
final class RecordedFleet {
    private static final long DEADLINE_S = 600;

    /** A message as a terminal's outbox holds it. */
    record Message(String topic, byte[] payload) {
    }

    private final List<byte[]> recordings;
    private final int messages;

    /** Each topic is one terminal's: its messages in the order given. */
    RecordedFleet(List<Message> stream) {
        Map<String, ByteArrayOutputStream> byTopic = new LinkedHashMap<>();
        Map<String, Integer> sent = new HashMap<>();
        for (Message message : stream) {
            ByteArrayOutputStream bytes = byTopic.computeIfAbsent(message.topic(), t -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(MqttPackets.connect("bench-" + byTopic.size()));
                return out;
            });
            int packetId = sent.merge(message.topic(), 1, Integer::sum) % 0xFFFF + 1;
            bytes.writeBytes(MqttPackets.publish(0x32, message.topic(), packetId, message.payload()));
        }
        this.recordings = byTopic.values().stream().map(ByteArrayOutputStream::toByteArray).toList();
        this.messages = stream.size();
    }

    int terminals() {
        return recordings.size();
    }

    /**
     * Opens every connection and sends every recording; returns the seconds since {@code begin} when the broker had
     * acknowledged every message. A refused connection or a stray packet fails the run.
     */
    double publish(int port, long begin) throws Exception {
        CountDownLatch acknowledged = new CountDownLatch(messages);
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (byte[] recording : recordings) {
                Socket socket = new Socket("127.0.0.1", port);
                socket.setTcpNoDelay(true);
                sockets.add(socket);
                start(failure, () -> {
                    socket.getOutputStream().write(recording);
                    socket.getOutputStream().flush();
                });
                start(failure, () -> awaitAcknowledgements(socket, acknowledged));
            }
            while (!acknowledged.await(1, TimeUnit.SECONDS)) {
                if (failure.get() != null) {
                    throw failure.get();
                }
                if (System.nanoTime() - begin > TimeUnit.SECONDS.toNanos(DEADLINE_S)) {
                    throw new IllegalStateException("the broker acknowledged " + (messages - acknowledged.getCount())
                            + " of " + messages + " messages in " + DEADLINE_S + " s");
                }
            }
            return (System.nanoTime() - begin) / 1e9;
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void awaitAcknowledgements(Socket socket, CountDownLatch acknowledged) throws Exception {
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        byte[] reply = new byte[4];
        in.readFully(reply);
        if (reply[0] != 0x20 || reply[3] != 0) {
            throw new IllegalStateException("the broker refused a fleet connection");
        }
        while (true) {
            in.readFully(reply);
            if (reply[0] != 0x40) {
                throw new IllegalStateException("a fleet connection got packet type " + (reply[0] & 0xF0));
            }
            acknowledged.countDown();
        }
    }

    private interface SocketWork {
        void run() throws Exception;
    }

    /** One side of a connection on a thread of its own; its failure, unless the run closed the connection, fails the run. */
    private static void start(AtomicReference<Exception> failure, SocketWork work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (SocketException | EOFException closed) {
                // The run closes every connection once all is acknowledged.
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        }, "bench-fleet");
        thread.setDaemon(true);
        thread.start();
    }
}
