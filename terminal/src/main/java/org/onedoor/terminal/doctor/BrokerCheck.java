package org.onedoor.terminal.doctor;

import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.onedoor.terminal.config.TerminalConfig;

/**
 * Connects to the county broker with the configured credentials and disconnects. It uses its own
 * client id: the service's id would evict the running service's session.
 */
final class BrokerCheck implements Check {
    static final String NAME = "broker";
    static final int TIMEOUT_S = 3;
    private final TerminalConfig config;

    BrokerCheck(TerminalConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding run() {
        var mqtt = config.mqtt();
        String uri = pahoUri(mqtt.url());
        String clientId = "onedoor-doctor-" + config.terminal().id();
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(TIMEOUT_S);
        mqtt.username().ifPresent(options::setUserName);
        try {
            if (mqtt.passwordFile().isPresent()) {
                options.setPassword(Files.readString(mqtt.passwordFile().get()).strip().toCharArray());
            }
        } catch (IOException e) {
            return Finding.fail(NAME, "cannot read mqtt.password_file " + mqtt.passwordFile().get());
        }
        long started = System.nanoTime();
        try (MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence())) {
            client.setTimeToWait(TIMEOUT_S * 1000L);
            client.connect(options);
            long ms = (System.nanoTime() - started) / 1_000_000;
            client.disconnect();
            return Finding.ok(NAME, uri + " accepts " + who(mqtt) + " (connected in " + ms + " ms)");
        } catch (MqttException e) {
            return Finding.fail(NAME, uri + ": " + reason(e, mqtt));
        }
    }

    private static String who(TerminalConfig.Mqtt mqtt) {
        return mqtt.username().map(u -> "user " + u).orElse("an anonymous client");
    }

    private static String reason(MqttException e, TerminalConfig.Mqtt mqtt) {
        if (e.getCause() instanceof UnknownHostException) {
            return "host not found (DNS)";
        }
        return switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_FAILED_AUTHENTICATION -> "bad user name or password for " + who(mqtt);
            case MqttException.REASON_CODE_NOT_AUTHORIZED -> "not authorised: " + who(mqtt)
                    + " refused (credentials, or the broker's rules for client ids)";
            case MqttException.REASON_CODE_CLIENT_TIMEOUT -> "no answer within " + TIMEOUT_S + " s";
            case MqttException.REASON_CODE_BROKER_UNAVAILABLE -> "the broker says it is unavailable";
            case MqttException.REASON_CODE_SERVER_CONNECT_ERROR -> "cannot connect"
                    + (e.getCause() != null ? ": " + e.getCause().getMessage() : "");
            default -> e.getMessage() + (e.getCause() != null ? ": " + e.getCause().getMessage() : "");
        };
    }

    /** Paho knows tcp:// and ssl:// only; the configuration also accepts mqtt:// and mqtts://. */
    static String pahoUri(URI url) {
        String scheme = switch (url.getScheme()) {
            case "mqtt" -> "tcp";
            case "mqtts" -> "ssl";
            default -> url.getScheme();
        };
        return scheme + "://" + url.getHost() + ":" + url.getPort();
    }
}
