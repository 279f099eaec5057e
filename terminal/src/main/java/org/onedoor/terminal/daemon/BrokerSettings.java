package org.onedoor.terminal.daemon;

import java.io.IOException;
import java.nio.file.Files;
import org.onedoor.terminal.config.TerminalConfig;
import org.onedoor.terminal.config.TerminalConfig.Lane;
import org.onedoor.terminal.homeassistant.DiscoveryConfigs;
import org.onedoor.terminal.mqtt.MqttSettings;
import org.onedoor.terminal.report.SoftwareVersion;
import org.onedoor.terminal.tls.PemTls;

/**
 * How the terminal reaches its broker, from {@code [mqtt]} and {@code [terminal]}: address, identity, topic,
 * limits, TLS and credentials. Here rather than in {@code mqtt}, which knows nothing of the configuration.
 */
public final class BrokerSettings {
    private BrokerSettings() {
    }

    public static MqttSettings from(TerminalConfig config) throws StartupException {
        var mqtt = config.mqtt();
        var t = config.terminal();
        MqttSettings settings = MqttSettings.of(pahoUri(mqtt.url()), "onedoor-" + t.county() + "-" + t.id(),
                        topicPrefix(config))
                .withInflightWindow(mqtt.inflightWindow()).withMaxMessagesPerSecond(mqtt.maxRate())
                .withKeepAliveS(mqtt.keepAliveS());
        if (mqtt.clientKeyFile().isPresent()) {
            Secrets.require("mqtt.client_key_file", mqtt.clientKeyFile().get());
        }
        if (mqtt.caFile().isPresent() || mqtt.clientCertFile().isPresent()) {
            try {
                settings = settings.withTls(PemTls.context(mqtt.caFile(), mqtt.clientCertFile(), mqtt.clientKeyFile())
                        .getSocketFactory());
            } catch (IOException e) {
                throw new StartupException("mqtt: " + e.getMessage(), true, e);
            }
        }
        if (mqtt.username().isEmpty()) {
            return settings;
        }
        char[] password = new char[0];
        if (mqtt.passwordFile().isPresent()) {
            Secrets.require("mqtt.password_file", mqtt.passwordFile().get());
            try {
                password = Files.readString(mqtt.passwordFile().get()).strip().toCharArray();
            } catch (IOException e) {
                throw new StartupException("mqtt.password_file: cannot read " + mqtt.passwordFile().get(), true, e);
            }
        }
        return settings.withCredentials(mqtt.username().get(), password);
    }

    /** Paho knows tcp:// and ssl:// only; the configuration also accepts the mqtt:// and mqtts:// spellings. */
    static String pahoUri(java.net.URI url) {
        String scheme = switch (url.getScheme()) {
            case "mqtt" -> "tcp";
            case "mqtts" -> "ssl";
            default -> url.getScheme();
        };
        return scheme + "://" + url.getHost() + ":" + url.getPort();
    }

    /** The terminal's own topic, {@code {topic_root}/{county}/{venue}/{id}}. */
    static String topicPrefix(TerminalConfig config) {
        var t = config.terminal();
        return config.mqtt().topicRoot() + "/" + t.county() + "/" + t.venue() + "/" + t.id();
    }

    static DiscoveryConfigs.Identity homeAssistantIdentity(TerminalConfig config) {
        var t = config.terminal();
        return new DiscoveryConfigs.Identity(t.county(), t.venue(), t.id(), topicPrefix(config),
                SoftwareVersion.current(), config.lanes().stream().map(Lane::name).toList());
    }
}
