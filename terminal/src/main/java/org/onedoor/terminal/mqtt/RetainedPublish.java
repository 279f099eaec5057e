package org.onedoor.terminal.mqtt;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One retained message, published at QoS 1 from a command-line tool on a connection of its own (a client id of its
 * own too, so the running daemon's connection is not evicted), and waited for until the broker has it.
 */
public final class RetainedPublish {
    private static final int TIMEOUT_S = 10;

    private RetainedPublish() {
    }

    /**
     * @param settings the terminal's broker, credentials and TLS
     * @param clientId this tool's own client id
     * @throws MqttException when the broker cannot be reached or does not acknowledge within 10 s
     */
    public static void send(MqttSettings settings, String clientId, String topic, byte[] payload) throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(TIMEOUT_S);
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(options::setPassword);
        settings.tls().ifPresent(options::setSocketFactory);
        try (MqttClient client = new MqttClient(settings.serverUri(), clientId, new MemoryPersistence())) {
            client.setTimeToWait(TIMEOUT_S * 1000L);
            client.connect(options);
            client.publish(topic, payload, 1, true);
            client.disconnect();
        }
    }
}
