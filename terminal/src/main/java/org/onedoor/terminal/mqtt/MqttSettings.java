package org.onedoor.terminal.mqtt;

import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * How {@link OutboxPublisher} reaches the county broker.
 *
 * @param serverUri            {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId             MQTT client id; one terminal, one id (a second connection with it evicts the first)
 * @param topicPrefix          the terminal's topic, e.g. {@code onedoor/v1/430124/venue-a/t-0001}; events go to
 *                             {@code topicPrefix + "/" + topicSuffix}
 * @param inflightWindow       at most this many QoS 1 messages await the broker's PUBACK at once
 * @param keepAliveS           MQTT keep-alive; also how fast a silently dead link is noticed (1.5 x this)
 * @param maxMessagesPerSecond publish rate ceiling so a backlog does not flood the broker; 0 = unlimited
 * @param tls                  for {@code ssl://}: the county CA and client certificate; empty for the JDK's defaults
 */
public record MqttSettings(String serverUri, String clientId, Optional<String> username,
                           Optional<char[]> password, String topicPrefix, int inflightWindow,
                           int keepAliveS, int maxMessagesPerSecond, Optional<SSLSocketFactory> tls) {

    public static final int DEFAULT_INFLIGHT_WINDOW = 32;
    public static final int DEFAULT_KEEP_ALIVE_S = 30;
    /** Packet ids are 16-bit; a window anywhere near that only hides a broker that stopped acknowledging. */
    private static final int MAX_INFLIGHT_WINDOW = 1000;

    public MqttSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
        if (!serverUri.startsWith("tcp://") && !serverUri.startsWith("ssl://")) {
            throw new IllegalArgumentException("serverUri must start with tcp:// or ssl://: " + serverUri);
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("clientId is empty");
        }
        if (topicPrefix == null || topicPrefix.isEmpty() || topicPrefix.endsWith("/")
                || topicPrefix.contains("+") || topicPrefix.contains("#")) {
            throw new IllegalArgumentException("topicPrefix must be a plain topic without wildcards or trailing '/': "
                    + topicPrefix);
        }
        if (inflightWindow < 1 || inflightWindow > MAX_INFLIGHT_WINDOW) {
            throw new IllegalArgumentException("inflightWindow must be 1.." + MAX_INFLIGHT_WINDOW + ": " + inflightWindow);
        }
        if (keepAliveS < 0) {
            throw new IllegalArgumentException("keepAliveS must not be negative: " + keepAliveS);
        }
        if (maxMessagesPerSecond < 0) {
            throw new IllegalArgumentException("maxMessagesPerSecond must not be negative: " + maxMessagesPerSecond);
        }
    }

    /** Anonymous, window 32, keep-alive 30 s, unlimited rate. */
    public static MqttSettings of(String serverUri, String clientId, String topicPrefix) {
        return new MqttSettings(serverUri, clientId, Optional.empty(), Optional.empty(), topicPrefix,
                DEFAULT_INFLIGHT_WINDOW, DEFAULT_KEEP_ALIVE_S, 0, Optional.empty());
    }

    public MqttSettings withCredentials(String user, char[] secret) {
        return new MqttSettings(serverUri, clientId, Optional.of(user), Optional.of(secret), topicPrefix,
                inflightWindow, keepAliveS, maxMessagesPerSecond, tls);
    }

    public MqttSettings withInflightWindow(int window) {
        return new MqttSettings(serverUri, clientId, username, password, topicPrefix, window, keepAliveS,
                maxMessagesPerSecond, tls);
    }

    public MqttSettings withMaxMessagesPerSecond(int rate) {
        return new MqttSettings(serverUri, clientId, username, password, topicPrefix, inflightWindow, keepAliveS,
                rate, tls);
    }

    public MqttSettings withKeepAliveS(int seconds) {
        return new MqttSettings(serverUri, clientId, username, password, topicPrefix, inflightWindow, seconds,
                maxMessagesPerSecond, tls);
    }

    public MqttSettings withTls(SSLSocketFactory factory) {
        return new MqttSettings(serverUri, clientId, username, password, topicPrefix, inflightWindow, keepAliveS,
                maxMessagesPerSecond, Optional.of(factory));
    }

    /** Retained {@code online}/{@code offline}; the broker publishes {@code offline} as our Last Will. */
    public String availabilityTopic() {
        return topicPrefix + "/availability";
    }

    public String topicFor(String topicSuffix) {
        return topicPrefix + "/" + topicSuffix;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "MqttSettings[serverUri=" + serverUri + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password.isPresent() ? "***" : "none") + ", topicPrefix=" + topicPrefix
                + ", inflightWindow=" + inflightWindow + ", keepAliveS=" + keepAliveS
                + ", maxMessagesPerSecond=" + maxMessagesPerSecond + ", tls=" + (tls.isPresent() ? "custom" : "default")
                + "]";
    }
}
