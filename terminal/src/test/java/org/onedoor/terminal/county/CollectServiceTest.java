package org.onedoor.terminal.county;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.command.CommandKeys;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.systemd.NotifySocket;
import org.onedoor.terminal.testing.DaemonProcess;
import org.onedoor.terminal.testing.MosquittoBroker;

/** {@code onedoor county collect} as systemd runs it: its own JVM, READY=1, a signed replay for a gap, a clean stop. */
class CollectServiceTest {
    @TempDir
    Path dir;

    @Test
    void theCollectorTellsSystemdItIsReadyStoresAsksForAGapAndStopsCleanly() throws Exception {
        CommandKeys.generate(dir);
        Path db = dir.resolve("county.db");
        Path config = Files.writeString(dir.resolve("county.toml"), """
                [county]
                code = "430124"
                [broker]
                url = "%s"
                client_id = "county-service"
                [store]
                path = "%s"
                [gaps]
                grace_s = 1
                command_key = "command.key"
                """.formatted("%s", db));
        try (MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY).start();
             NotifySocket systemd = NotifySocket.atPath(dir)) {
            Files.writeString(config, Files.readString(config).replace("url = \"%s\"", "url = \"" + broker.url() + "\""));
            Path log = dir.resolve("collector.log");
            Process collector = DaemonProcess.launch(List.of("org.onedoor.terminal.cli.Main", "county", "collect", "--config"),
                    config, log, dir.resolve("tmp"), Map.of("NOTIFY_SOCKET", systemd.address()));
            try {
                systemd.awaitMessages(1, Duration.ofSeconds(60));
                assertTrue(systemd.messages().contains("READY=1"), systemd.messages().toString());
                MqttClient terminal = new MqttClient(broker.url(), "t-1", new MemoryPersistence());
                terminal.connect();
                List<String> commands = new CopyOnWriteArrayList<>();
                terminal.subscribe("onedoor/v1/430124/market/t-1/cmd/replay", 1,
                        (topic, message) -> commands.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
                Instant t = Instant.parse("2026-11-21T08:00:00Z");
                for (long seq : new long[] {1, 4}) {
                    terminal.publish("onedoor/v1/430124/market/t-1/entry", CountyEvents.entry("t-1", "market", seq, 1, seq,
                            t, true, "ab".repeat(32)).getBytes(StandardCharsets.UTF_8), 1, false);
                }
                Await.until("a replay command for seq 2..3", Duration.ofSeconds(60), () -> !commands.isEmpty());
                assertTrue(commands.get(0).contains("\"from_seq\":2") && commands.get(0).contains("\"to_seq\":3"), commands.get(0));
                assertTrue(commands.get(0).contains("\"signature\""), commands.get(0));
                terminal.disconnect();
                terminal.close();
                try (EventStore store = EventStore.open(db.toString())) {
                    assertEquals(2, store.count());
                }
            } finally {
                collector.destroy();
            }
            assertTrue(collector.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s of SIGTERM");
            assertEquals(0, collector.exitValue(), DaemonProcess.logSince(log, 0));
            assertTrue(systemd.messages().contains("STOPPING=1"), systemd.messages().toString());
            String text = DaemonProcess.logSince(log, 0);
            assertTrue(text.contains("county collector stopped: 2 events stored"), text);
            assertFalse(text.contains("ab".repeat(32)), "no pseudonym in the log");
        }
    }

    /**
     * Acknowledgements come only after the commit that stores the event: a collector killed (SIGKILL) while the broker
     * still holds a backlog for it loses nothing, and a new one with the same session stores each event exactly once.
     */
    @Test
    void aCollectorKilledMidStreamLosesNothingAndTheNextStoresEachEventOnce() throws Exception {
        int events = 30_000;
        Path db = dir.resolve("county.db");
        Path config = dir.resolve("county.toml");
        try (MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY)
                .setting("max_inflight_messages 1000").start()) {
            Files.writeString(config, """
                    [county]
                    code = "430124"
                    [broker]
                    url = "%s"
                    client_id = "county-killed"
                    [store]
                    path = "%s"
                    batch_size = 1000
                    """.formatted(broker.url(), db));
            Path log = dir.resolve("collector.log");
            List<String> main = List.of("org.onedoor.terminal.cli.Main", "county", "collect", "--config");
            // Its persistent session subscribes, then the collector stops: the broker queues what follows for it.
            Process subscriber = DaemonProcess.launch(main, config, log, dir.resolve("tmp"), Map.of());
            try {
                Await.until("the collector subscribed", Duration.ofSeconds(60),
                        () -> DaemonProcess.logSince(log, 0).contains("county collector subscribed"));
            } finally {
                subscriber.destroy();
            }
            assertTrue(subscriber.waitFor(30, TimeUnit.SECONDS), "stopped");
            MqttClient terminal = new MqttClient(broker.url(), "t-1", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(1000);
            terminal.connect(options);
            Instant t = Instant.parse("2026-11-21T08:00:00Z");
            for (int seq = 1; seq <= events; seq++) {
                terminal.publish("onedoor/v1/430124/market/t-1/entry", CountyEvents.entry("t-1", "market", seq, 1, seq,
                        t.plusMillis(seq), true, "ab".repeat(32)).getBytes(StandardCharsets.UTF_8), 1, false);
            }
            terminal.disconnect();
            terminal.close();
            Process first = DaemonProcess.launch(main, config, log, dir.resolve("tmp"), Map.of());
            try {
                Await.until("some events stored", Duration.ofSeconds(60), () -> count(db) > 0);
            } finally {
                first.destroyForcibly();
            }
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "killed");
            long atKill = count(db);
            System.out.println("CollectServiceTest killed: " + atKill + " of " + events + " stored when the collector was killed");
            assertTrue(atKill < events, "killed before it had stored everything: " + atKill);
            Process second = DaemonProcess.launch(main, config, log, dir.resolve("tmp"), Map.of());
            try {
                Await.until("every event stored after the restart", Duration.ofSeconds(120), () -> count(db) >= events);
            } finally {
                second.destroy();
                assertTrue(second.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s of SIGTERM");
            }
            try (EventStore store = EventStore.open(db.toString())) {
                assertEquals(events, store.count(), "each event stored once");
                assertEquals(List.of(), store.gaps(Long.MAX_VALUE), "no seq missing");
            }
        }
    }

    private static long count(Path db) {
        if (!Files.exists(db)) {
            return 0;
        }
        try (EventStore store = EventStore.open(db.toString())) {
            return store.count();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void logsInWithAPasswordFromAnOwnerOnlyFileAndRefusesOneOthersCanRead() throws Exception {
        MosquittoBroker.Password login = new MosquittoBroker.Password("county", "s3cret-county");
        try (MosquittoBroker broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY, login).start();
             NotifySocket systemd = NotifySocket.atPath(dir)) {
            Path password = dir.resolve("broker.password");
            Files.writeString(password, "s3cret-county\n");
            Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Path config = Files.writeString(dir.resolve("county.toml"), """
                    [county]
                    code = "430124"
                    [broker]
                    url = "%s"
                    username = "county"
                    password_file = "broker.password"
                    [store]
                    path = "%s"
                    """.formatted(broker.url(login), dir.resolve("county.db")));
            Path log = dir.resolve("collector.log");
            List<String> main = List.of("org.onedoor.terminal.cli.Main", "county", "collect", "--config");
            Process refused = DaemonProcess.launch(main, config, log, dir.resolve("tmp"), Map.of());
            assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
            assertEquals(78, refused.exitValue(), DaemonProcess.logSince(log, 0));
            assertTrue(DaemonProcess.logSince(log, 0).contains("chmod 600"), DaemonProcess.logSince(log, 0));

            Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            Process collector = DaemonProcess.launch(main, config, log, dir.resolve("tmp"),
                    Map.of("NOTIFY_SOCKET", systemd.address()));
            try {
                Await.until("READY=1", Duration.ofSeconds(60), () -> systemd.messages().contains("READY=1"));
                MqttClient terminal = new MqttClient(broker.url(login), "t-1", new MemoryPersistence());
                org.eclipse.paho.client.mqttv3.MqttConnectOptions o = new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
                o.setUserName("county");
                o.setPassword("s3cret-county".toCharArray());
                terminal.connect(o);
                terminal.publish("onedoor/v1/430124/market/t-1/entry", CountyEvents.entry("t-1", "market", 1, 1, 1,
                        Instant.parse("2026-11-21T08:00:00Z"), true, "ab".repeat(32)).getBytes(StandardCharsets.UTF_8), 1, false);
                terminal.disconnect();
                terminal.close();
                Await.until("the entry stored", Duration.ofSeconds(30), () -> {
                    try (EventStore store = EventStore.open(dir.resolve("county.db").toString())) {
                        return store.count() == 1;
                    } catch (java.sql.SQLException e) {
                        return false;
                    }
                });
            } finally {
                collector.destroy();
            }
            assertTrue(collector.waitFor(30, TimeUnit.SECONDS));
            assertFalse(DaemonProcess.logSince(log, 0).contains("s3cret-county"), "no password in the log");
        }
    }
}
