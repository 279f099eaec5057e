package org.onedoor.terminal.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.testing.MqttTestSubscriber.Received;

/**
 * Mosquitto's own {@code mosquitto_sub}, in its own process, subscribed through one of a {@link MosquittoBroker}'s
 * listeners with that listener's credentials: a client that shares no code with the terminal. One line per message,
 * {@code retained-flag topic payload}; the payloads read here are single-line JSON or words.
 */
public final class MosquittoSub implements AutoCloseable {
    private static final Duration READY_DEADLINE = Duration.ofSeconds(10);

    private final Process process;
    private final List<Received> received = new ArrayList<>();
    private final Thread reader;

    private MosquittoSub(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "mosquitto_sub reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Subscribes to {@code filter} at QoS 1 and returns once the subscription is in place (a retained probe
     * published through the plain listener has come back through {@code listener}).
     *
     * @param stderr where the tool's own complaints go, for a failing test to show
     */
    public static MosquittoSub subscribe(MosquittoBroker broker, MosquittoBroker.Listener listener, String filter,
                                         Path stderr) throws IOException, MqttException {
        return subscribe(broker, broker.port(listener), credentials(listener), filter, stderr);
    }

    /** As {@link #subscribe(MosquittoBroker, MosquittoBroker.Listener, String, Path)}, through the plain listener. */
    public static MosquittoSub subscribe(MosquittoBroker broker, String filter, Path stderr)
            throws IOException, MqttException {
        return subscribe(broker, broker.port(), List.of(), filter, stderr);
    }

    private static MosquittoSub subscribe(MosquittoBroker broker, int port, List<String> credentials, String filter,
                                          Path stderr) throws IOException, MqttException {
        String probe = "onedoor-test-probe/" + UUID.randomUUID();
        publishRetained(broker.url(), probe, "probe");
        List<String> command = new ArrayList<>(List.of(MosquittoBroker.tool("mosquitto_sub").toString(),
                "-h", "127.0.0.1", "-p", Integer.toString(port), "-q", "1",
                "-i", "onedoor-test-sub-" + UUID.randomUUID(), "-t", filter, "-t", probe, "-F", "%r %t %p"));
        command.addAll(credentials);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
                .start();
        MosquittoSub sub = new MosquittoSub(process);
        try {
            Await.until("mosquitto_sub subscribed", READY_DEADLINE,
                    () -> !process.isAlive() || sub.on(probe).size() > 0);
        } catch (AssertionError e) {
            sub.close();
            throw e;
        }
        if (!process.isAlive()) {
            throw new IOException("mosquitto_sub exited with " + process.exitValue() + ": " + Files.readString(stderr));
        }
        return sub;
    }

    private static List<String> credentials(MosquittoBroker.Listener listener) {
        if (listener instanceof MosquittoBroker.Tls tls) {
            List<String> options = new ArrayList<>(List.of("--cafile", tls.pki().caPem().toString()));
            if (tls.requireClientCertificate()) {
                options.addAll(List.of("--cert", tls.pki().clientCert().toString(),
                        "--key", tls.pki().clientKey().toString()));
            }
            return options;
        }
        MosquittoBroker.Password password = (MosquittoBroker.Password) listener;
        return List.of("-u", password.user(), "-P", password.password());
    }

    private static void publishRetained(String url, String topic, String payload) throws MqttException {
        try (MqttClient client = new MqttClient(url, "onedoor-test-probe-" + UUID.randomUUID(),
                new MemoryPersistence())) {
            client.connect();
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true);
            client.disconnect();
        }
    }

    /** Every delivery on exactly {@code topic}, in arrival order. */
    public List<Received> on(String topic) {
        synchronized (received) {
            return received.stream().filter(r -> r.topic().equals(topic)).toList();
        }
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until {@code topic} has had at least {@code n} deliveries; fails naming what did arrive. */
    public List<Received> await(String topic, int n, Duration timeout) {
        try {
            Await.until(n + " message(s) on " + topic, timeout, () -> on(topic).size() >= n);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; received on: "
                    + received().stream().map(Received::topic).distinct().toList(), e);
        }
        return on(topic);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] parts = line.split(" ", 3);
                if (parts.length == 3) {
                    synchronized (received) {
                        received.add(new Received(parts[1], parts[2].getBytes(StandardCharsets.UTF_8),
                                parts[0].equals("1")));
                    }
                }
            }
        } catch (IOException e) {
            // The process ended: nothing more arrives.
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
