package org.onedoor.terminal.county.ingest;

import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * What the collector needs of {@code county.toml} (docs/county.md).
 *
 * @param county a 6-digit county code, or {@code +} for every county under the topic root (a province)
 * @param shareGroup the shared-subscription group, empty for a collector on its own
 * @param persistentSession keep the broker's session (and its queue) while the collector is down
 */
public record CollectorSettings(String brokerUrl, String clientId, String topicRoot, String county, String shareGroup,
        int batchSize, boolean persistentSession) {

    MqttConnectOptions connectOptions() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(!persistentSession);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(30_000);
        o.setKeepAliveInterval(30);
        o.setMaxInflight(Math.max(64, batchSize));
        return o;
    }
}
