package org.onedoor.terminal.mqtt;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.ToIntFunction;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttPersistenceException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.eclipse.paho.client.mqttv3.internal.NetworkModule;

/**
 * Paho's client reading through a {@link PacketLimitingInputStream}, whatever the transport (TCP or TLS): the
 * stream sits between Paho's network module and its packet reader, where the bytes are already decrypted.
 * This uses Paho 1.2.5's protected {@code createNetworkModules} and its internal {@link NetworkModule}
 * interface; the version is pinned, and {@code OversizedMessageTest} shows the hook still works. Public for the
 * county's collector, which reads what every terminal sends through the same filter.
 */
public final class LimitedMqttClient extends MqttAsyncClient {
    private final ToIntFunction<String> limitForTopic;
    private final PacketLimitingInputStream.Listener listener;

    public LimitedMqttClient(String serverUri, String clientId, ToIntFunction<String> limitForTopic,
                             PacketLimitingInputStream.Listener listener) throws MqttException {
        super(serverUri, clientId, new MemoryPersistence());
        this.limitForTopic = limitForTopic;
        this.listener = listener;
    }

    @Override
    protected NetworkModule[] createNetworkModules(String address, MqttConnectOptions options)
            throws MqttException, MqttPersistenceException {
        NetworkModule[] modules = super.createNetworkModules(address, options);
        NetworkModule[] limited = new NetworkModule[modules.length];
        for (int i = 0; i < modules.length; i++) {
            limited[i] = new Limited(modules[i]);
        }
        return limited;
    }

    private final class Limited implements NetworkModule {
        private final NetworkModule module;

        Limited(NetworkModule module) {
            this.module = module;
        }

        @Override
        public void start() throws IOException, MqttException {
            module.start();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new PacketLimitingInputStream(new BufferedInputStream(module.getInputStream()), limitForTopic,
                    listener);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return module.getOutputStream();
        }

        @Override
        public void stop() throws IOException {
            module.stop();
        }

        @Override
        public String getServerURI() {
            return module.getServerURI();
        }
    }
}
