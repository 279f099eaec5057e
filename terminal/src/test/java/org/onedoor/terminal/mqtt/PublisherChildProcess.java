package org.onedoor.terminal.mqtt;

import org.onedoor.terminal.testing.InMemoryOutbox;

/**
 * A publisher in its own JVM, so a test can SIGKILL it: the only way to drop its TCP connection
 * without an MQTT DISCONNECT while the broker stays up, which is what makes the broker send the Last Will.
 * Arguments: broker URL, client id, topic prefix.
 */
public final class PublisherChildProcess {
    private PublisherChildProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        OutboxPublisher.start(MqttSettings.of(args[0], args[1], args[2]), new InMemoryOutbox());
        // The publisher thread is a daemon; keep the JVM alive until the test kills it.
        Thread.currentThread().join();
    }
}
