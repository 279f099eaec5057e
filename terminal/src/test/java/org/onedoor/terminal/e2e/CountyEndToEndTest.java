package org.onedoor.terminal.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.onedoor.drivers.testing.Await;
import org.onedoor.terminal.command.CommandKeys;
import org.onedoor.terminal.command.CommandSigner;
import org.onedoor.terminal.county.ingest.Collector;
import org.onedoor.terminal.county.ingest.CollectorSettings;
import org.onedoor.terminal.county.ingest.GapReplayer;
import org.onedoor.terminal.county.store.EventStore;
import org.onedoor.terminal.county.trace.Contact;
import org.onedoor.terminal.county.trace.Tracer;
import org.onedoor.terminal.privacy.KeyDerivation;
import org.onedoor.terminal.privacy.SecretFiles;
import org.onedoor.terminal.status.HealthStatus;
import org.onedoor.terminal.testing.MosquittoBroker;
import org.onedoor.terminal.testing.PostgresServer;

/**
 * The county's loop on real parts: three terminal daemons (ptys, simulated GPIO) publish to one Mosquitto; the
 * collector stores every event; a gap made while the collector was away, then the terminal's broker connection cut
 * (a socat relay between it and Mosquitto) and the terminal killed, is closed by the terminal's answer to the collector's signed replay; a trace finds exactly the planted co-visitors.
 */
class CountyEndToEndTest {
    private static final String COUNTY = "430124";
    private static final String CASE = "430124199001011234";
    private static final String AT_MARKET = "430124198506150026";
    private static final String AT_MALL = "430124200103200033";
    private static final String AT_SCHOOL = "430124197712120041";
    private static final String WHILE_AWAY = "430124196607070057";
    private static final String AFTER = "430124195505050065";
    private static PostgresServer postgres;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final byte[] master = new byte[32];
    private MosquittoBroker broker;

    static Stream<String> stores() {
        return Stream.of("sqlite", "postgresql");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private GateRig gate(String venue, String terminal, String commandKey) throws Exception {
        return gate(venue, terminal, commandKey, broker.url());
    }

    private GateRig gate(String venue, String terminal, String commandKey, String url) throws Exception {
        GateRig rig = new GateRig(Files.createDirectories(dir.resolve(terminal)), 3000, broker);
        open.add(rig);
        // The terminal's pseudonym key as the county derives it, so the county can trace its entries.
        Files.delete(rig.keyFile);
        SecretFiles.writeNewKey(rig.keyFile, KeyDerivation.terminalKey(master, COUNTY, terminal));
        rig.ids(venue, terminal).mqttKeys("url = \"" + url + "\"\ncommand_public_key = \"" + commandKey + "\"")
                .clockSynchronised().startDaemon();
        return rig;
    }

    private Collector collector(EventStore store) throws Exception {
        Collector c = new Collector(new CollectorSettings(broker.url(), "county-1", "onedoor/v1", COUNTY, "county", 100, false),
                store, Clock.systemUTC());
        c.start();
        return c;
    }

    private static void enter(GateRig rig, String code, String subject) throws Exception {
        rig.register(code, HealthStatus.GREEN, subject);
        int before = rig.rows("entry").size();
        GateRig.scan(rig.east, code);
        rig.awaitEntries(before + 1);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void threeTerminalsTheCollectorAReplayedGapAndATraceOfACaseAtTwoVenues(String kind) throws Exception {
        new SecureRandom().nextBytes(master);
        KeyPair commandKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String location = kind.equals("sqlite") ? dir.resolve("county.db").toString() : postgresUrl();
        broker = new MosquittoBroker(MosquittoBroker.Persistence.IN_MEMORY).start();
        String publicKey = CommandKeys.base64(commandKey.getPublic());
        GateRig market = gate("market", "t-a", publicKey);
        GateRig mall = gate("mall", "t-b", publicKey);
        // The school's gate reaches the broker through a TCP relay on 127.0.0.1 that the test cuts.
        Relay relay = new Relay(broker.port());
        open.add(relay);
        GateRig school = gate("school", "t-c", publicKey, "tcp://127.0.0.1:" + relay.port());
        List<GateRig> gates = List.of(market, mall, school);

        EventStore store = EventStore.open(location);
        open.add(store);
        Collector collector = collector(store);
        enter(market, "https://hc.example.gov.cn/c/CaseAtTheMarket01", CASE);
        enter(market, "https://hc.example.gov.cn/c/PersonAtMarket0001", AT_MARKET);
        enter(mall, "https://hc.example.gov.cn/c/CaseAtTheMall00001", CASE);
        enter(mall, "https://hc.example.gov.cn/c/PersonAtTheMall001", AT_MALL);
        enter(school, "https://hc.example.gov.cn/c/PersonAtSchool0001", AT_SCHOOL);
        Await.until("the collector stored every event of the three ledgers", Duration.ofSeconds(60),
                () -> stored(location).containsAll(ledgerIds(gates)));

        // The collector goes away; the school's gate records someone, the broker takes it, nobody stores it;
        // the gate is killed and comes back (a new boot), and records someone else once the collector is back.
        collector.close();
        enter(school, "https://hc.example.gov.cn/c/WhileTheCountyAway1", WHILE_AWAY);
        Await.until("the broker took the entry", Duration.ofSeconds(20),
                () -> school.allRows().stream().allMatch(r -> ((Number) r.get("published")).intValue() == 1));
        relay.cut();
        school.killDaemon();
        Await.until("the broker saw the school's gate go", Duration.ofSeconds(20), () -> !relay.alive());
        relay.restore();
        school.startDaemon();
        collector = collector(store);
        open.add(collector);
        enter(school, "https://hc.example.gov.cn/c/AfterTheCountyBack1", AFTER);
        Await.until("the later entry stored", Duration.ofSeconds(60), () -> stored(location).containsAll(ledgerIds(gates.subList(0, 2)))
                && !gaps(store).isEmpty());
        System.out.println("CountyEndToEndTest " + kind + ": gaps before the replay " + store.gaps(Long.MAX_VALUE));

        GapReplayer replayer = new GapReplayer(store, new CommandSigner(commandKey.getPrivate(), Clock.systemUTC()),
                "onedoor/v1", Duration.ofSeconds(1), Clock.systemUTC());
        Collector c = collector;
        Await.until("the replay closed every gap and every ledger event is stored", Duration.ofSeconds(60), () -> {
            try {
                replayer.askForGaps(c.client());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            return gaps(store).isEmpty() && stored(location).containsAll(ledgerIds(gates));
        });

        Instant now = Instant.now();
        Tracer.Result result = new Tracer(store, master, COUNTY).trace(CASE, now.minus(Duration.ofHours(1)).toEpochMilli(),
                now.plus(Duration.ofHours(1)).toEpochMilli(), Duration.ofMinutes(30), 1,
                List.of(AT_MARKET, AT_MALL, AT_SCHOOL, WHILE_AWAY, AFTER));
        assertEquals(Set.of(AT_MARKET, AT_MALL), result.contacts().stream().map(Contact::subject).collect(Collectors.toSet()),
                "the co-visitors at the two venues the case visited, and nobody from the school");
        assertEquals(2, result.contacts().size());
        assertEquals(2, result.resolved());
        assertTrue(result.contacts().stream().noneMatch(Contact::estimate), "synchronised clocks");
    }

    /** socat between one terminal and Mosquitto: cutting it drops that terminal's connection and no other. */
    private static final class Relay implements AutoCloseable {
        private final int brokerPort;
        private final int port;
        private Process socat;

        Relay(int brokerPort) throws Exception {
            this.brokerPort = brokerPort;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                this.port = s.getLocalPort();
            }
            restore();
        }

        int port() {
            return port;
        }

        boolean alive() {
            return socat != null && socat.isAlive();
        }

        void restore() throws Exception {
            socat = new ProcessBuilder("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork",
                    "TCP:127.0.0.1:" + brokerPort).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Await.until("the relay listens", Duration.ofSeconds(10), () -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return true;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        }

        /** Kills the relay and the connections it carries. */
        void cut() {
            socat.descendants().forEach(ProcessHandle::destroyForcibly);
            socat.destroyForcibly();
        }

        @Override
        public void close() {
            cut();
        }
    }

    private static String postgresUrl() {
        if (postgres == null) {
            postgres = PostgresServer.start();
        }
        return postgres.newDatabase("county_e2e_" + System.nanoTime());
    }

    private static List<org.onedoor.terminal.county.store.Gap> gaps(EventStore store) {
        try {
            return store.gaps(Long.MAX_VALUE);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> ledgerIds(List<GateRig> gates) {
        Set<String> ids = new HashSet<>();
        for (GateRig g : gates) {
            for (Map<String, Object> row : g.allRows()) {
                ids.add((String) row.get("id"));
            }
        }
        return ids;
    }

    private static Set<String> stored(String location) {
        String url = location.startsWith("jdbc:") ? location : "jdbc:sqlite:" + location;
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM events")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }
}
