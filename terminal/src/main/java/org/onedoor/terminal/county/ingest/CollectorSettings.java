package org.onedoor.terminal.county.ingest;

import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * What the collector needs of {@code county.toml} (docs/county.md).
 *
 * @param county a 6-digit county code, or {@code +} for every county under the topic root (a province)
 * @param shareGroup the shared-subscription group, empty for a collector on its own
 * @param persistentSession keep the broker's session (and its queue) while the collector is down
 * @param tls for an {@code ssl://} broker whose certificate the JVM's own trust store does not vouch for
 */
public record CollectorSettings(String brokerUrl, String clientId, String topicRoot, String county, String shareGroup,
        int batchSize, boolean persistentSession, Optional<String> username, Optional<char[]> password,
        Optional<SSLSocketFactory> tls) {

    /** An anonymous connection. */
    public CollectorSettings(String brokerUrl, String clientId, String topicRoot, String county, String shareGroup,
            int batchSize, boolean persistentSession) {
        this(brokerUrl, clientId, topicRoot, county, shareGroup, batchSize, persistentSession, Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public CollectorSettings withCredentials(Optional<String> user, Optional<char[]> secret, Optional<SSLSocketFactory> factory) {
        return new CollectorSettings(brokerUrl, clientId, topicRoot, county, shareGroup, batchSize, persistentSession, user,
                secret, factory);
    }

    MqttConnectOptions connectOptions() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(!persistentSession);
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(30_000);
        o.setKeepAliveInterval(30);
        o.setMaxInflight(Math.max(64, batchSize));
        username.ifPresent(o::setUserName);
        password.ifPresent(o::setPassword);
        tls.ifPresent(o::setSocketFactory);
        return o;
    }
}
